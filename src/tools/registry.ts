/** Every tool, by toolset. The server filters this list; nothing else registers tools. */
import type { Settings } from "../config/config.js";
import { assetsTools } from "./assets/index.js";
import { billingTools } from "./billing/index.js";
import { clientsTools } from "./clients/index.js";
import { contractsTools } from "./contracts/index.js";
import type { ToolDefinition } from "./define.js";
import { kbTools } from "./kb/index.js";
import { apiRequestTool } from "./records/api-request.js";
import { recordsTools } from "./records/index.js";
import { reportTools, sqlTools } from "./reports/index.js";
import { checkSetup } from "./setup/check_setup.js";
import { ticketsTools } from "./tickets/index.js";
import { timeTools } from "./time/index.js";

export function allTools(settings: Settings): ToolDefinition[] {
  // api_request exists only when explicitly allowed (HALOPSA_ALLOW_RAW_API=true).
  const raw = settings.allowRawApi ? [apiRequestTool(settings)] : [];
  return [
    ...ticketsTools,
    ...clientsTools,
    ...assetsTools,
    ...contractsTools,
    ...timeTools,
    ...billingTools,
    ...reportTools,
    // run_sql and sql_tables exist only when explicitly allowed (HALOPSA_ALLOW_SQL=true).
    ...(settings.allowSql ? sqlTools : []),
    ...kbTools,
    ...recordsTools,
    ...raw,
    checkSetup,
  ] as ToolDefinition[];
}
