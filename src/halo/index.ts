/** The Halo services a tool receives: one HTTP client, one token cache, shared lookups. */
import type { HaloConfig } from "../config/config.js";
import { HaloHttp, type HaloHttpOptions } from "./http.js";
import { Lookups } from "./lookups.js";
import { NameResolver } from "./resolve.js";
import { HaloResources } from "./resources.js";

export interface Halo {
  config: HaloConfig;
  http: HaloHttp;
  resources: HaloResources;
  lookups: Lookups;
  /** Client, site and contact names resolved to records (not the records toolset). */
  names: NameResolver;
  close(): Promise<void>;
}

export function createHalo(config: HaloConfig, opts: HaloHttpOptions = {}): Halo {
  const http = new HaloHttp(config, opts);
  const resources = new HaloResources(http);
  return {
    config,
    http,
    resources,
    lookups: new Lookups(resources),
    names: new NameResolver(resources),
    close: () => http.close(),
  };
}
