/** The headroom MCP server (tools only), independent of the transport: stdio in the CLI, streamable HTTP on /mcp. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { MAX_K } from '../memory/memory.ts';
import { MEMORY_SAVE, MEMORY_SAVE_DESCRIPTION, MEMORY_SEARCH, MEMORY_SEARCH_DESCRIPTION, runMemoryTool } from '../memory/tools.ts';
import { compressTool, retrieveTool, statsTool, type McpDeps, type ToolOutcome } from './tools.ts';

export type { McpDeps } from './tools.ts';

const result = (o: ToolOutcome): CallToolResult => ({
  content: o.text.map((text) => ({ type: 'text' as const, text })),
  ...(o.data ? { structuredContent: o.data } : {}),
  ...(o.isError ? { isError: true } : {}),
});

export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer({ name: 'headroom', version: deps.version });

  server.registerTool('headroom_compress', {
    title: 'Compress text',
    description:
      'Compress large tool output (logs, test runs, JSON, grep results, diffs, code, HTML) before reading it: errors, ' +
      'failures and lines relevant to `query` are kept, the rest is summarised with markers. Returns the compressed ' +
      'text and the id of the full original, which headroom_retrieve returns.',
    inputSchema: {
      content: z.string().describe('The text to compress.'),
      query: z.string().optional().describe('What you are looking for; relevant rows and lines are kept.'),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async ({ content, query }) => result(await compressTool(deps, content, query)));

  server.registerTool('headroom_retrieve', {
    title: 'Retrieve original',
    description: 'Return the complete original text behind a headroom id (from headroom_compress, or the `id=` of a `[headroom: …]` marker in compressed output).',
    inputSchema: { id: z.string().describe('The 32 hex character id.') },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async ({ id }) => result(await retrieveTool(deps, id)));

  server.registerTool('headroom_stats', {
    title: 'Compression stats',
    description: 'How many tokens headroom has saved (tool output before/after compression, counted with o200k), provider cache reads reported separately, and the number of memory notes.',
    inputSchema: {},
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async () => result(await statsTool(deps)));

  server.registerTool(MEMORY_SAVE, {
    title: 'Save a memory note',
    description: MEMORY_SAVE_DESCRIPTION,
    inputSchema: {
      text: z.string().describe('The note: one self-contained fact, command or preference.'),
      tags: z.array(z.string()).optional().describe('Optional short keywords.'),
      scope: z.enum(['project', 'user']).optional().describe('"project" (default) or "user" for notes that apply everywhere.'),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  }, async (input) => result(await memoryOutcome(deps, MEMORY_SAVE, input)));

  server.registerTool(MEMORY_SEARCH, {
    title: 'Search memory',
    description: MEMORY_SEARCH_DESCRIPTION,
    inputSchema: {
      query: z.string().describe('What you want to know, in a few words.'),
      k: z.number().int().min(1).max(MAX_K).optional().describe('How many notes to return (default 5).'),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (input) => result(await memoryOutcome(deps, MEMORY_SEARCH, input)));

  return server;
}

async function memoryOutcome(deps: McpDeps, name: string, input: unknown): Promise<ToolOutcome> {
  const r = await runMemoryTool(deps.memory, name, input, deps.context);
  return { text: [r.text], isError: r.isError, data: r.data };
}
