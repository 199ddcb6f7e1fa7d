import type { ToolDefinition } from "../define.js";
import { createClient } from "./create_client.js";
import { createContact } from "./create_contact.js";
import { createSite } from "./create_site.js";
import { getClient } from "./get_client.js";
import { getContact } from "./get_contact.js";
import { getSite } from "./get_site.js";
import { searchClients } from "./search_clients.js";
import { searchContacts } from "./search_contacts.js";
import { searchSites } from "./search_sites.js";
import { updateClient } from "./update_client.js";
import { updateContact } from "./update_contact.js";
import { updateSite } from "./update_site.js";

export const clientsTools: ToolDefinition[] = [
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
] as ToolDefinition[];
