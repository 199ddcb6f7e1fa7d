import type { ToolDefinition } from "../define.js";
import { contractBilling } from "./contract_billing.js";
import { getInvoice, searchInvoices } from "./search_invoices.js";

export const billingTools: ToolDefinition[] = [
  contractBilling,
  searchInvoices,
  getInvoice,
] as ToolDefinition[];
