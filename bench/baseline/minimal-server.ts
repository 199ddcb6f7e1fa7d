/**
 * The cold-start baseline: the smallest server the MCP SDK documents (McpServer,
 * one zod-typed tool, stdio), compiled by tsc and started with node exactly
 * like ours. It loads the SDK from node_modules unbundled, as most servers do.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "minimal", version: "1.0.0" });

server.registerTool(
  "echo",
  {
    title: "Echo",
    description: "Echo the text back",
    inputSchema: { text: z.string().describe("Text to echo") },
  },
  async ({ text }) => ({ content: [{ type: "text", text }] }),
);

await server.connect(new StdioServerTransport());
