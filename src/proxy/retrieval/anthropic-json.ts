/** Anthropic Messages (non-streaming) through the retrieval loop, and the continuation body shared with streaming. */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { ToolAnswer } from './answer.ts';
import type { JsonDialect } from './dialect.ts';
import { isClientUse, isRetrieveUse } from './anthropic-blocks.ts';
import { RETRIEVE_TOOL } from './tool-defs.ts';
import { sumUsage } from './usage-sum.ts';

/** The request again, plus the assistant turn exactly as produced and a user turn with our tool_result blocks. */
export function anthropicNext(body: JsonObject, content: unknown[], answers: ToolAnswer[]): JsonObject {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const results = answers.map((a) => ({ type: 'tool_result', tool_use_id: a.callId, content: a.text, ...(a.isError ? { is_error: true } : {}) }));
  return { ...body, messages: [...messages, { role: 'assistant', content }, { role: 'user', content: results }] };
}

const contentOf = (reply: JsonObject): unknown[] => (Array.isArray(reply.content) ? reply.content : []);

export const anthropicJson: JsonDialect = {
  calls(reply) {
    if (reply.type !== 'message' || reply.stop_reason !== 'tool_use') return undefined;
    const content = contentOf(reply);
    const ours = content.filter((b) => isRetrieveUse(b, RETRIEVE_TOOL)) as JsonObject[];
    if (ours.length === 0 || content.some((b) => isClientUse(b, RETRIEVE_TOOL))) return undefined;
    return ours.map((b) => ({ callId: String(b.id), args: b.input }));
  },
  next(body, reply, answers) {
    return anthropicNext(body, contentOf(reply).filter((b) => !(isObject(b) && b.type === 'text' && b.text === '')), answers);
  },
  merge(replies) {
    const last = replies[replies.length - 1]!;
    const content = replies.flatMap((r, i) => (i === replies.length - 1 ? contentOf(r) : contentOf(r).filter((b) => !isRetrieveUse(b, RETRIEVE_TOOL))));
    return { ...last, id: replies[0]!.id, content, usage: sumUsage(replies.map((r) => r.usage)) };
  },
};
