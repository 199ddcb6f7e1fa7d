/** Helpers shared by the ticket activity tools (actions and attachments). */

import { formatBytes } from "./action-projection.js";

/** "<base64 of 2,048 bytes (2 KB), not shown>": what dry runs show instead of file data. */
export const dataSummary = (bytes: number) =>
  `<base64 of ${bytes.toLocaleString("en-US")} bytes (${formatBytes(bytes)}), not shown>`;
