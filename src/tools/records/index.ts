import type { ToolDefinition } from "../define.js";
import { getRecord } from "./get_record.js";
import { listRecords } from "./list_records.js";

/** api_request is not listed here: the registry adds it only when HALOPSA_ALLOW_RAW_API=true. */
export const recordsTools: ToolDefinition[] = [listRecords, getRecord];
