declare const __HALOPSA_VERSION__: string | undefined;

/** Set by the bundler from package.json; "dev" when running from source. */
export const VERSION: string = typeof __HALOPSA_VERSION__ === "string" ? __HALOPSA_VERSION__ : "0.0.0-dev";
