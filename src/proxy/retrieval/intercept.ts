/**
 * Entry points used by handle-llm: offer the tool on the way up, and run the retrieval loop on the way down for
 * requests that carried it. Provider formats are looked up in a table, never branched on.
 */
import type { ProviderName } from '../../providers/types.ts';
import type { JsonObject } from '../../providers/types.ts';
import type { Dialect } from './dialect.ts';
import { anthropicJson } from './anthropic-json.ts';
import { anthropicStream } from './anthropic-stream.ts';
import { openaiChatJson } from './openai-chat-json.ts';
import { openaiChatStream } from './openai-chat-stream.ts';
import { responsesJson } from './responses-json.ts';
import { responsesStream } from './responses-stream.ts';
import { retrievalJson, retrievalStream, type LoopDeps } from './continuation.ts';

export { injectRetrieveTool } from './inject.ts';
export { answerCalls } from './answer.ts';

const DIALECTS: Record<ProviderName, Dialect> = {
  anthropic: { stream: anthropicStream, json: anthropicJson },
  'openai-chat': { stream: openaiChatStream, json: openaiChatJson },
  'openai-responses': { stream: responsesStream, json: responsesJson },
};

/**
 * The client's response for a request that offered `headroom_retrieve`: SSE goes through the streaming loop,
 * JSON through the non-streaming one; error statuses and other bodies come back untouched.
 */
export async function interceptRetrieval(provider: ProviderName, response: Response, body: JsonObject, deps: LoopDeps): Promise<Response> {
  if (!response.ok || !response.body) return response;
  const type = response.headers.get('content-type') ?? '';
  const dialect = DIALECTS[provider];
  if (type.includes('text/event-stream')) return new Response(retrievalStream(response, body, dialect.stream(), deps), { status: response.status, statusText: response.statusText, headers: response.headers });
  if (type.includes('json')) return retrievalJson(response, body, dialect.json, deps);
  return response;
}
