/**
 * The tools the gateway answers itself, as one table: `headroom_retrieve` (originals of compressed output) and, when
 * the proxy runs with `memory`, `memory_save` / `memory_search`. The loop (continuation.ts) and the dialects only
 * ever see names; a call is answered by looking its tool up by name, so adding a tool is a row here, not a branch.
 */
import type { Storage } from 'unstorage';
import type { MemoryGateway } from '../../memory/gateway-tools.ts';
import type { JsonObject, ProviderName } from '../../providers/types.ts';
import type { Store } from '../../store/store.ts';
import { memoryTools } from './memory-tools.ts';
import { retrieveTool } from './retrieve-tool.ts';

export interface ToolResult {
  text: string;
  isError: boolean;
}

/** What a tool may look at to decide whether this request gets it. */
export interface OfferContext {
  provider: ProviderName;
  /** The body as it will be sent (already compressed when compression ran). */
  body: JsonObject;
  /** Retrieval ids compress() produced for this request. */
  ids?: readonly string[];
  /** Whether the client's request had a `tools` array of its own. */
  hasTools: boolean;
  storage: Storage;
  /** The session key; undefined when this request was not compressed here. */
  scope?: string;
}

export interface GatewayTool {
  readonly name: string;
  /** A fresh definition in the provider's own tool shape. */
  def(provider: ProviderName): JsonObject;
  offer(ctx: OfferContext): Promise<boolean>;
  /** The model called the tool with `args` (an object, or OpenAI's JSON arguments string). Expected failures are error results. */
  answer(args: unknown): Promise<ToolResult>;
}

export interface ToolSources {
  store: Store;
  /** Present when the proxy runs with `memory`, bound to the request's project. */
  memory?: MemoryGateway;
}

/**
 * The table, in the order tools are appended after the client's: the tools offered on every request first, then
 * `headroom_retrieve`, which joins a session only once markers appear, so the others never move.
 */
const SOURCES: readonly ((s: ToolSources) => readonly GatewayTool[])[] = [
  (s) => (s.memory ? memoryTools(s.memory) : []),
  (s) => [retrieveTool(s.store)],
];

export function gatewayTools(sources: ToolSources): GatewayTool[] {
  return SOURCES.flatMap((source) => source(sources));
}
