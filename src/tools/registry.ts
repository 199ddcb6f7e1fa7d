/**
 * Every tool, in tools/list order: the one list. The server filters it by
 * toolset and read-only mode (src/server/server.ts); the README table, the
 * tool snapshots and the tests derive theirs from what the server lists.
 * A new tool is one import and one line here.
 */
import type { Settings } from "../config/config.js";
import { createAsset } from "./assets/create_asset.js";
import { getAsset } from "./assets/get_asset.js";
import { searchAssets } from "./assets/search_assets.js";
import { updateAsset } from "./assets/update_asset.js";
import { contractBilling } from "./billing/contract_billing.js";
import { getInvoice } from "./billing/get_invoice.js";
import { searchInvoices } from "./billing/search_invoices.js";
import { createClient } from "./clients/create_client.js";
import { createContact } from "./clients/create_contact.js";
import { createSite } from "./clients/create_site.js";
import { getClient } from "./clients/get_client.js";
import { getContact } from "./clients/get_contact.js";
import { getSite } from "./clients/get_site.js";
import { searchClients } from "./clients/search_clients.js";
import { searchContacts } from "./clients/search_contacts.js";
import { searchSites } from "./clients/search_sites.js";
import { updateClient } from "./clients/update_client.js";
import { updateContact } from "./clients/update_contact.js";
import { updateSite } from "./clients/update_site.js";
import { createContract } from "./contracts/create_contract.js";
import { getContract } from "./contracts/get_contract.js";
import { searchContracts } from "./contracts/search_contracts.js";
import { updateContract } from "./contracts/update_contract.js";
import type { ToolDefinition } from "./define.js";
import { draftKbArticle } from "./kb/draft_kb_article.js";
import { getKbArticle } from "./kb/get_kb_article.js";
import { searchKb } from "./kb/search_kb.js";
import { apiRequestTool } from "./raw/api_request.js";
import { getRecord } from "./records/get_record.js";
import { listRecords } from "./records/list_records.js";
import { runReport } from "./reports/run_report.js";
import { runSql } from "./reports/run_sql.js";
import { sqlTables } from "./reports/sql_tables.js";
import { checkSetup } from "./setup/check_setup.js";
import { whoami } from "./setup/whoami.js";
import { addAttachment } from "./tickets/add_attachment.js";
import { addTicketAction } from "./tickets/add_ticket_action.js";
import { closeTicket } from "./tickets/close_ticket.js";
import { createTicket } from "./tickets/create_ticket.js";
import { deleteTicket } from "./tickets/delete_ticket.js";
import { getAttachment } from "./tickets/get_attachment.js";
import { getTicket } from "./tickets/get_ticket.js";
import { handoverTicket } from "./tickets/handover_ticket.js";
import { listLookups } from "./tickets/list_lookups.js";
import { listTicketActions } from "./tickets/list_ticket_actions.js";
import { listTicketAttachments } from "./tickets/list_ticket_attachments.js";
import { myQueue } from "./tickets/my_queue.js";
import { searchTickets } from "./tickets/search_tickets.js";
import { ticketStats } from "./tickets/ticket_stats.js";
import { updateTicket } from "./tickets/update_ticket.js";
import { logTime } from "./time/log_time.js";
import { timeEntries } from "./time/time_entries.js";
import { updateTimeEntry } from "./time/update_time_entry.js";

export function allTools(settings: Settings): ToolDefinition[] {
  return [
    // tickets
    searchTickets,
    getTicket,
    createTicket,
    updateTicket,
    deleteTicket,
    ticketStats,
    myQueue,
    closeTicket,
    handoverTicket,
    listTicketActions,
    addTicketAction,
    listTicketAttachments,
    getAttachment,
    addAttachment,
    listLookups,
    whoami,
    // clients
    searchClients,
    getClient,
    createClient,
    updateClient,
    searchSites,
    getSite,
    createSite,
    updateSite,
    searchContacts,
    getContact,
    createContact,
    updateContact,
    // assets
    searchAssets,
    getAsset,
    createAsset,
    updateAsset,
    // contracts
    searchContracts,
    getContract,
    createContract,
    updateContract,
    // time
    timeEntries,
    logTime,
    updateTimeEntry,
    // billing
    contractBilling,
    searchInvoices,
    getInvoice,
    // reports; run_sql and sql_tables exist only when explicitly allowed (HALOPSA_ALLOW_SQL=true)
    runReport,
    ...(settings.allowSql ? [runSql, sqlTables] : []),
    // kb
    searchKb,
    getKbArticle,
    draftKbArticle,
    // records
    listRecords,
    getRecord,
    // raw: api_request exists only when explicitly allowed (HALOPSA_ALLOW_RAW_API=true)
    ...(settings.allowRawApi ? [apiRequestTool(settings)] : []),
    checkSetup,
  ];
}
