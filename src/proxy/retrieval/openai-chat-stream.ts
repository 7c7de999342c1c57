/**
 * OpenAI Chat Completions SSE (`data: {chat.completion.chunk}` … `data: [DONE]`) through the gateway-tool loop.
 * Our tool calls' `delta.tool_calls` entries, the round's `finish_reason: "tool_calls"`, its usage chunk and `[DONE]`
 * are held back; the continuation's chunks follow under the first round's id, and the final usage chunk carries
 * every round's usage. Only choice 0 is intercepted (a request with n > 1 cannot share one continuation).
 * Chunk shape: platform.openai.com/docs/api-reference/chat-streaming.
 */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { OurTools, StreamDialect, StreamRound } from './dialect.ts';
import { chatNext } from './openai-chat-json.ts';
import { formatEvent, parseData, rewritten, verbatim, type SseEvent } from './sse.ts';
import { sumUsage } from './usage-sum.ts';

interface Call {
  id: string;
  name: string;
  args: string;
}

export function openaiChatStream(tools: OurTools): StreamDialect {
  const shared = { id: undefined as unknown, usages: [] as JsonObject[] };
  return {
    round: (n, intercept) => chatRound(n, intercept, tools, shared),
    error(message, upstream) {
      // A mid-stream `{"error": …}` chunk is what OpenAI sends and what its SDK raises as an APIError.
      return formatEvent(undefined, JSON.stringify({ error: upstream ?? { message, type: 'server_error', param: null, code: null } }));
    },
  };
}

function chatRound(n: number, intercept: boolean, tools: OurTools, shared: { id: unknown; usages: JsonObject[] }): StreamRound {
  const calls = new Map<number, Call>();
  const ours = new Set<number>();
  let mixed = false;
  let intercepting = false;
  let text = '';
  let template: JsonObject = {};
  /** Our call's pieces, shown to the client if the turn is not intercepted after all. */
  let held: (SseEvent | string)[] = [];

  const release = (): string => {
    const out = held.map((h) => (typeof h === 'string' ? h : verbatim(h))).join('');
    held = [];
    return out;
  };

  return {
    event(ev) {
      if (ev.data.trim() === '[DONE]') return intercepting ? '' : release() + verbatim(ev);
      const chunk = parseData(ev);
      if (!chunk) return verbatim(ev);
      let changed = false;
      const usage = isObject(chunk.usage) ? chunk.usage : undefined;
      if (n === 0) shared.id ??= chunk.id;
      else if (chunk.id !== shared.id) {
        chunk.id = shared.id;
        changed = true;
      }
      template = { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
      let out = '';
      let onlyOurs = false;
      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      const choice = choices.find((c) => isObject(c) && c.index === 0) as JsonObject | undefined;
      const delta = isObject(choice?.delta) ? choice.delta : undefined;
      if (delta && typeof delta.content === 'string') text += delta.content;
      if (delta && Array.isArray(delta.tool_calls)) {
        const keep: unknown[] = [];
        const hold: unknown[] = [];
        for (const tc of delta.tool_calls) {
          if (!isObject(tc) || typeof tc.index !== 'number') { keep.push(tc); continue; }
          const fn = isObject(tc.function) ? tc.function : {};
          let call = calls.get(tc.index);
          if (!call) {
            calls.set(tc.index, (call = { id: String(tc.id ?? ''), name: String(fn.name ?? ''), args: '' }));
            if (tools.has(call.name) && intercept && !mixed) ours.add(tc.index);
            else if (ours.size > 0 && !mixed) {
              mixed = true; // a client tool in the same turn: the client answers all of them, ours included
              out += release();
            }
          }
          if (typeof fn.arguments === 'string') call.args += fn.arguments;
          (ours.has(tc.index) && !mixed ? hold : keep).push(tc);
        }
        if (hold.length) {
          const idChanged = changed;
          if (keep.length) delta.tool_calls = keep;
          else delete delta.tool_calls;
          changed = true;
          onlyOurs = Object.keys(delta).length === 0 && choice?.finish_reason == null && choices.length === 1;
          // A chunk that carried nothing but our call (the usual case) is kept as it came, to release unchanged.
          held.push(onlyOurs && !idChanged && !usage ? ev
            : formatEvent(undefined, JSON.stringify({ ...template, choices: [{ index: 0, delta: { tool_calls: hold }, finish_reason: null }], usage: null })));
        }
      }
      if (usage) shared.usages.push(usage);
      if (choice && choice.finish_reason != null) {
        if (choice.finish_reason === 'tool_calls' && ours.size > 0 && !mixed) {
          intercepting = true;
          held = [];
          return out; // the finish chunk belongs to the withheld turn
        }
        out += release();
      }
      if (usage) {
        if (intercepting) return out;
        if (n > 0) {
          chunk.usage = sumUsage(shared.usages);
          changed = true;
        }
      }
      if (onlyOurs) return out;
      return out + (changed ? rewritten(ev, chunk) : verbatim(ev));
    },
    end() {
      if (!intercepting) return { tail: release() };
      const ourCalls = [...ours].map((i) => calls.get(i)!);
      return {
        tail: '',
        calls: ourCalls.map((c) => ({ callId: c.id, name: c.name, args: c.args })),
        next: (body, answers) => chatNext(body, { role: 'assistant', content: text === '' ? null : text, tool_calls: ourCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } })) }, answers),
      };
    },
  };
}
