/** OpenAI Chat Completions (non-streaming) through the gateway-tool loop, and the continuation body. */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { ToolAnswer } from './answer.ts';
import type { JsonDialect, OurTools } from './dialect.ts';
import { sumUsage } from './usage-sum.ts';

/** The request again, plus the assistant message with our tool calls and one `tool` message per answer. */
export function chatNext(body: JsonObject, assistant: JsonObject, answers: ToolAnswer[]): JsonObject {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const results = answers.map((a) => ({ role: 'tool', tool_call_id: a.callId, content: a.isError ? `Error: ${a.text}` : a.text }));
  return { ...body, messages: [...messages, assistant, ...results] };
}

function firstChoice(reply: JsonObject): JsonObject | undefined {
  const c = Array.isArray(reply.choices) ? reply.choices[0] : undefined;
  return isObject(c) ? c : undefined;
}

const nameOf = (tc: unknown): string => (isObject(tc) && isObject(tc.function) ? String(tc.function.name) : '');

export const openaiChatJson = (tools: OurTools): JsonDialect => ({
  calls(reply) {
    const choice = firstChoice(reply);
    if (!choice || choice.finish_reason !== 'tool_calls' || (Array.isArray(reply.choices) && reply.choices.length > 1)) return undefined;
    const message = isObject(choice.message) ? choice.message : {};
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
    if (calls.length === 0 || calls.some((tc) => !tools.has(nameOf(tc)))) return undefined;
    return calls.map((tc) => {
      const t = tc as JsonObject;
      return { callId: String(t.id), name: nameOf(t), args: (t.function as JsonObject).arguments };
    });
  },
  next(body, reply, answers) {
    const message = firstChoice(reply)!.message as JsonObject;
    return chatNext(body, { role: 'assistant', content: message.content ?? null, tool_calls: message.tool_calls }, answers);
  },
  merge(replies) {
    const last = structuredClone(replies[replies.length - 1]!);
    const text = replies.map((r) => firstChoice(r)?.message).map((m) => (isObject(m) && typeof m.content === 'string' ? m.content : '')).join('');
    const message = firstChoice(last)?.message;
    if (isObject(message) && text !== '') message.content = text;
    return { ...last, id: replies[0]!.id, usage: sumUsage(replies.map((r) => r.usage)) };
  },
});
