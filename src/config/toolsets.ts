/** Toolsets group tools so a user can load only what they need (fewer tools, less context). */
export const TOOLSETS = {
  tickets: "Tickets, actions, attachments, lookups, stats, whoami",
  clients: "Clients, sites and contacts",
  assets: "Assets (configuration items)",
  contracts: "Client contracts",
  records: "Read-only access to the rest of Halo (invoices, projects, KB, ...)",
  raw: "api_request escape hatch (also needs HALOPSA_ALLOW_RAW_API=true)",
} as const;

export type Toolset = keyof typeof TOOLSETS;
export const TOOLSET_NAMES = Object.keys(TOOLSETS) as Toolset[];
