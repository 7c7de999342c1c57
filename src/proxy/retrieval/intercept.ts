/**
 * Entry points used by handle-llm: offer the gateway tools on the way up, and run the tool loop on the way down for
 * requests that carried any. Provider formats and tools are looked up in tables, never branched on.
 */
import type { JsonObject, ProviderName } from '../../providers/types.ts';
import { answerCalls, type ToolTable } from './answer.ts';
import { anthropicJson } from './anthropic-json.ts';
import { anthropicStream } from './anthropic-stream.ts';
import { retrievalJson, retrievalStream, type LoopDeps } from './continuation.ts';
import type { Dialect } from './dialect.ts';
import { openaiChatJson } from './openai-chat-json.ts';
import { openaiChatStream } from './openai-chat-stream.ts';
import { responsesJson } from './responses-json.ts';
import { responsesStream } from './responses-stream.ts';

export { injectGatewayTools } from './inject.ts';
export { gatewayTools, type GatewayTool, type ToolSources } from './gateway-tools.ts';
export type { ToolTable } from './answer.ts';

const DIALECTS: Record<ProviderName, Dialect> = {
  anthropic: { stream: anthropicStream, json: anthropicJson },
  'openai-chat': { stream: openaiChatStream, json: openaiChatJson },
  'openai-responses': { stream: responsesStream, json: responsesJson },
};

/**
 * The client's response for a request that offered `tools`: SSE goes through the streaming loop, JSON through the
 * non-streaming one; error statuses and other bodies come back untouched. Calls are answered by the tool they name.
 */
export async function interceptToolCalls(provider: ProviderName, response: Response, body: JsonObject, tools: ToolTable, deps: Omit<LoopDeps, 'answer'>): Promise<Response> {
  if (!response.ok || !response.body) return response;
  const type = response.headers.get('content-type') ?? '';
  const dialect = DIALECTS[provider];
  const ours = new Set(tools.keys());
  const loop: LoopDeps = { ...deps, answer: (calls) => answerCalls(tools, calls) };
  if (type.includes('text/event-stream')) return new Response(retrievalStream(response, body, dialect.stream(ours), loop), { status: response.status, headers: response.headers });
  if (type.includes('json')) return retrievalJson(response, body, dialect.json(ours), loop);
  return response;
}
