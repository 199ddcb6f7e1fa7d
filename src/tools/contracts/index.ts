import type { ToolDefinition } from "../define.js";
import { createContract } from "./create_contract.js";
import { getContract } from "./get_contract.js";
import { searchContracts } from "./search_contracts.js";
import { updateContract } from "./update_contract.js";

export const contractsTools: ToolDefinition[] = [
  searchContracts,
  getContract,
  createContract,
  updateContract,
];
