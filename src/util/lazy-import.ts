/**
 * A lazily imported CommonJS dependency's named exports, however it was
 * loaded. Node (source, tests) gives named exports beside `default`; the
 * committed bundle is split into chunks (scripts/build.mjs) and esbuild's
 * chunk for a CommonJS package exports `module.exports` as `default` only.
 */
export function namedExports<T extends object>(mod: T, probe: keyof T & string): T {
  if (probe in mod) return mod;
  const d = (mod as { default?: unknown }).default;
  if (d && (typeof d === "object" || typeof d === "function") && probe in d) return d as T;
  throw new Error(`a dependency was loaded without its ${probe} export; rebuild with npm run build.`);
}
