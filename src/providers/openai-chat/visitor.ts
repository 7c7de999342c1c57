/** OpenAI Chat Completions: tool output is in `role: "tool"` messages (string content or text parts). */
import type { Hints } from '../../compress/types.ts';
import { hintsFromCall, isInjectedText } from '../hints.ts';
import { isObject, type JsonObject, type ProviderAdapter, type ToolOutputRef } from '../types.ts';

export const NAME = 'openai-chat';

function messagesOf(body: JsonObject): JsonObject[] {
  return Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
}

function callHints(messages: JsonObject[]): Map<string, Hints> {
  const calls = new Map<string, Hints>();
  for (const m of messages) {
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const c of m.tool_calls) {
      if (!isObject(c) || typeof c.id !== 'string' || !isObject(c.function)) continue;
      const fn = c.function;
      calls.set(c.id, hintsFromCall(typeof fn.name === 'string' ? fn.name : undefined, fn.arguments));
    }
  }
  return calls;
}

export const openaiChatAdapter: ProviderAdapter = {
  name: NAME,
  matches(body) {
    if (!Array.isArray(body.messages)) return false;
    return messagesOf(body).some(
      (m) => m.role === 'tool' || m.role === 'developer' || m.role === 'system' || Array.isArray(m.tool_calls),
    );
  },

  toolOutputs(body) {
    const messages = messagesOf(body);
    const calls = callHints(messages);
    const refs: ToolOutputRef[] = [];
    // A body of the wrong shape (forced provider, `messages` not a list) has no tool output; the upstream judges it.
    if (!Array.isArray(body.messages)) return refs;
    const all: unknown[] = body.messages;
    const lastAssistant = all.findLastIndex((m) => isObject(m) && m.role === 'assistant');
    all.forEach((m, mi) => {
      if (!isObject(m) || m.role !== 'tool') return;
      const live = mi > lastAssistant;
      const hints = (typeof m.tool_call_id === 'string' && calls.get(m.tool_call_id)) || {};
      if (typeof m.content === 'string') {
        refs.push({ path: `messages[${mi}].content`, hints, frozen: false, live, get: () => m.content as string, set: (t) => { m.content = t; } });
      } else if (Array.isArray(m.content)) {
        m.content.forEach((part, pi) => {
          if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') return;
          refs.push({
            path: `messages[${mi}].content[${pi}].text`, hints, frozen: false, live,
            get: () => part.text as string, set: (t) => { part.text = t; },
          });
        });
      }
    });
    return refs;
  },

  lastUserText(body) {
    const messages = messagesOf(body);
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.role !== 'user') continue;
      if (typeof m.content === 'string' && !isInjectedText(m.content)) return m.content;
      if (!Array.isArray(m.content)) continue;
      const texts = m.content
        .filter((p): p is JsonObject => isObject(p) && p.type === 'text' && typeof p.text === 'string')
        .map((p) => p.text as string)
        .filter((t) => !isInjectedText(t));
      if (texts.length > 0) return texts.join('\n');
    }
    return undefined;
  },
};

export default openaiChatAdapter;
