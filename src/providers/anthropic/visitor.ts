/**
 * Anthropic Messages: tool output is in `tool_result` blocks of user turns (string content or text blocks).
 * Everything else — system, thinking/redacted_thinking (signed), images, assistant text — is never touched.
 */
import type { Hints } from '../../compress/types.ts';
import { hintsFromCall, isInjectedText } from '../hints.ts';
import { isObject, type JsonObject, type ProviderAdapter, type ToolOutputRef } from '../types.ts';

export const NAME = 'anthropic';

function messagesOf(body: JsonObject): JsonObject[] {
  return Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
}

function callHints(messages: JsonObject[]): Map<string, Hints> {
  const calls = new Map<string, Hints>();
  for (const m of messages) {
    if (m.role !== 'assistant' || !Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (isObject(b) && (b.type === 'tool_use' || b.type === 'server_tool_use') && typeof b.id === 'string') {
        calls.set(b.id, hintsFromCall(typeof b.name === 'string' ? b.name : undefined, b.input));
      }
    }
  }
  return calls;
}

export const anthropicAdapter: ProviderAdapter = {
  name: NAME,
  matches(body) {
    if (!Array.isArray(body.messages)) return false;
    if ('system' in body || 'anthropic_version' in body || 'thinking' in body) return true;
    return messagesOf(body).some(
      (m) => Array.isArray(m.content) && m.content.some((b) => isObject(b) && (b.type === 'tool_result' || b.type === 'tool_use')),
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
      if (!isObject(m) || m.role !== 'user' || !Array.isArray(m.content)) return;
      const live = mi > lastAssistant;
      m.content.forEach((block, bi) => {
        if (!isObject(block) || block.type !== 'tool_result') return;
        const hints = (typeof block.tool_use_id === 'string' && calls.get(block.tool_use_id)) || {};
        // A breakpoint on an older block marks a prefix the provider has cached: never touch it. Claude Code also
        // puts one on the newest tool_result of every turn; that prefix is written to the cache by this very
        // request, so compressing it first is safe (later turns resend our bytes via the block cache).
        const frozen = 'cache_control' in block && !live;
        const base = `messages[${mi}].content[${bi}]`;
        const content = block.content;
        if (typeof content === 'string') {
          refs.push({ path: `${base}.content`, hints, frozen, live, get: () => block.content as string, set: (t) => { block.content = t; } });
        } else if (Array.isArray(content)) {
          content.forEach((part, pi) => {
            if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') return;
            refs.push({
              path: `${base}.content[${pi}].text`, hints, frozen: frozen || ('cache_control' in part && !live), live,
              get: () => part.text as string, set: (t) => { part.text = t; },
            });
          });
        }
      });
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
        .filter((b): b is JsonObject => isObject(b) && b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text as string)
        .filter((t) => !isInjectedText(t));
      if (texts.length > 0) return texts.join('\n');
    }
    return undefined;
  },
};

export default anthropicAdapter;
