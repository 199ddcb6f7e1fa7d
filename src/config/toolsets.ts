/** Toolsets group tools so a user can load only what they need (fewer tools, less context). */
export const TOOLSETS = {
  tickets: "Tickets, actions, attachments, lookups, stats, whoami",
  clients: "Clients, sites and contacts",
  assets: "Assets (configuration items)",
  contracts: "Client contracts",
  time: "Time entries: log, correct, my week, unbilled time",
  billing: "Recurring invoices, invoices, prepay balances",
  reports: "Saved Halo reports; read-only SQL with HALOPSA_ALLOW_SQL=true",
  kb: "Knowledge base: search, read, draft from a ticket",
  records: "Read-only access to the rest of Halo (invoices, projects, KB, ...)",
  raw: "api_request escape hatch (also needs HALOPSA_ALLOW_RAW_API=true)",
} as const;

export type Toolset = keyof typeof TOOLSETS;
export const TOOLSET_NAMES = Object.keys(TOOLSETS) as Toolset[];

/**
 * Offered when HALOPSA_TOOLSETS is unset or "default": every toolset but the
 * opt-in ones, whose tools a conversation pays for only when a user asks
 * (prd/10-time-billing.md). "all" turns everything on.
 */
export const OPT_IN_TOOLSETS: readonly Toolset[] = ["billing", "reports", "kb"];
export const DEFAULT_TOOLSETS: Toolset[] = TOOLSET_NAMES.filter((t) => !OPT_IN_TOOLSETS.includes(t));
