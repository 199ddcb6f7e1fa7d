import type { ToolDefinition } from "../define.js";
import { logTime } from "./log_time.js";
import { timeEntries } from "./time_entries.js";
import { updateTimeEntry } from "./update_time_entry.js";

export const timeTools: ToolDefinition[] = [timeEntries, logTime, updateTimeEntry] as ToolDefinition[];
