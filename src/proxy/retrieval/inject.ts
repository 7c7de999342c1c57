/**
 * Offers the gateway tools on the way up: each tool decides whether this request gets it; those offered are appended
 * after the client's tools in the table's order (existing tools keep their order and bytes), and a name the client
 * defines itself is never added again — the client runs that tool, and its calls are never intercepted.
 */
import type { Storage } from 'unstorage';
import type { JsonObject, ProviderName } from '../../providers/types.ts';
import type { ToolTable } from './answer.ts';
import type { GatewayTool } from './gateway-tools.ts';
import { toolName } from './tool-defs.ts';

export interface InjectInput {
  provider: ProviderName;
  /** The body to send; edited in place. */
  body: JsonObject;
  tools: readonly GatewayTool[];
  ids?: readonly string[];
  storage: Storage;
  scope?: string;
}

/** The tools added, by name (empty: the body is unchanged). */
export async function injectGatewayTools(input: InjectInput): Promise<ToolTable> {
  const { body, provider } = input;
  const hasTools = Array.isArray(body.tools);
  // A `tools` that is present but not a list is the client's (invalid) request: forwarded as sent, for the upstream
  // to judge, never replaced by ours (found by fuzzing: `"tools": "abc"` went out as our tool list).
  if (!hasTools && body.tools !== undefined) return new Map();
  const clients = new Set(hasTools ? (body.tools as unknown[]).map(toolName) : []);
  const ctx = { provider, body, ids: input.ids, hasTools, storage: input.storage, scope: input.scope };
  const offered = new Map<string, GatewayTool>();
  for (const tool of input.tools) {
    if (!clients.has(tool.name) && (await tool.offer(ctx))) offered.set(tool.name, tool);
  }
  if (offered.size === 0) return offered;
  const defs = [...offered.values()].map((t) => t.def(provider));
  if (hasTools) (body.tools as unknown[]).push(...defs);
  else body.tools = defs;
  return offered;
}
