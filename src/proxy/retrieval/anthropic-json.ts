/** Anthropic Messages (non-streaming) through the gateway-tool loop, and the continuation body shared with streaming. */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { ToolAnswer } from './answer.ts';
import type { JsonDialect, OurTools } from './dialect.ts';
import { isClientUse, isOurUse } from './anthropic-blocks.ts';
import { sumUsage } from './usage-sum.ts';

/** The request again, plus the assistant turn exactly as produced and a user turn with our tool_result blocks. */
export function anthropicNext(body: JsonObject, content: unknown[], answers: ToolAnswer[]): JsonObject {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const results = answers.map((a) => ({ type: 'tool_result', tool_use_id: a.callId, content: a.text, ...(a.isError ? { is_error: true } : {}) }));
  return { ...body, messages: [...messages, { role: 'assistant', content }, { role: 'user', content: results }] };
}

const contentOf = (reply: JsonObject): unknown[] => (Array.isArray(reply.content) ? reply.content : []);

export const anthropicJson = (tools: OurTools): JsonDialect => ({
  calls(reply) {
    if (reply.type !== 'message' || reply.stop_reason !== 'tool_use') return undefined;
    const content = contentOf(reply);
    const ours = content.filter((b) => isOurUse(b, tools)) as JsonObject[];
    if (ours.length === 0 || content.some((b) => isClientUse(b, tools))) return undefined;
    return ours.map((b) => ({ callId: String(b.id), name: String(b.name), args: b.input }));
  },
  next(body, reply, answers) {
    return anthropicNext(body, contentOf(reply).filter((b) => !(isObject(b) && b.type === 'text' && b.text === '')), answers);
  },
  merge(replies) {
    const last = replies[replies.length - 1]!;
    const content = replies.flatMap((r, i) => (i === replies.length - 1 ? contentOf(r) : contentOf(r).filter((b) => !isOurUse(b, tools))));
    return { ...last, id: replies[0]!.id, content, usage: sumUsage(replies.map((r) => r.usage)) };
  },
});
