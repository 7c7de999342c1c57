/**
 * Anthropic Messages SSE through the gateway-tool loop. The client sees one message_start … message_stop: later
 * rounds' message_start is dropped, content block indices are renumbered to stay consecutive, the withheld
 * tool_use events (calls to gateway tools) never reach the client, and the final message_delta carries the usage of all rounds.
 * When the model also calls client tools in the same turn, nothing is intercepted (the client answers them all).
 */
import type { JsonObject } from '../../providers/types.ts';
import type { OurTools, StreamDialect, StreamRound } from './dialect.ts';
import { BlockAccumulator, isClientUse, isOurUse } from './anthropic-blocks.ts';
import { anthropicNext } from './anthropic-json.ts';
import { formatEvent, parseData, rewritten, verbatim, type SseEvent } from './sse.ts';
import { RETRIEVE_TOOL } from './tool-defs.ts';
import { sumUsage } from './usage-sum.ts';

/** `tools` defaults to `headroom_retrieve` alone (the tool offered when the proxy runs without memory). */
export function anthropicStream(tools: OurTools = new Set([RETRIEVE_TOOL])): StreamDialect {
  let nextIndex = 0;
  const usages: JsonObject[] = [];

  return {
    round(n, intercept) {
      return anthropicRound(n, intercept, tools, () => nextIndex++, usages);
    },
    error(message, upstream) {
      // docs.anthropic.com/en/api/messages-streaming#error-events
      return formatEvent('error', JSON.stringify({ type: 'error', error: upstream ?? { type: 'api_error', message } }));
    },
  };
}

function anthropicRound(n: number, intercept: boolean, tools: OurTools, allocate: () => number, usages: JsonObject[]): StreamRound {
  const blocks = new BlockAccumulator();
  const toClient = new Map<number, number>();
  const ours = new Set<number>();
  let held: { ev: SseEvent; data: JsonObject }[] = [];
  let holding = false;
  let mixed = false;
  let intercepting = false;
  let usage: JsonObject = {};

  const emit = (ev: SseEvent, data: JsonObject): string => {
    const index = data.index as number;
    let target = toClient.get(index);
    if (target === undefined) toClient.set(index, (target = allocate()));
    return target === index ? verbatim(ev) : rewritten(ev, { ...data, index: target });
  };
  const release = (skipOurs: boolean): string => {
    let out = '';
    for (const h of held) if (!(skipOurs && ours.has(h.data.index as number))) out += emit(h.ev, h.data);
    held = [];
    holding = false;
    return out;
  };

  return {
    event(ev) {
      const data = parseData(ev);
      if (!data) return verbatim(ev);
      const index = typeof data.index === 'number' ? data.index : undefined;
      switch (data.type) {
        case 'message_start': {
          const message = data.message as JsonObject | undefined;
          usage = { ...(message?.usage as JsonObject | undefined) };
          return n === 0 ? verbatim(ev) : '';
        }
        case 'content_block_start': {
          if (index === undefined) return verbatim(ev);
          blocks.start(index, data.content_block);
          if (isOurUse(data.content_block, tools) && intercept && !mixed) {
            ours.add(index);
            holding = true;
          } else if (holding && isClientUse(data.content_block, tools)) {
            mixed = true; // the client must answer its own tools; ours go with them, unchanged
            return release(false) + emit(ev, data);
          }
          if (holding) {
            held.push({ ev, data });
            return '';
          }
          return emit(ev, data);
        }
        case 'content_block_delta':
        case 'content_block_stop': {
          if (index === undefined) return verbatim(ev);
          if (data.type === 'content_block_delta') blocks.delta(index, data.delta);
          else blocks.stop(index);
          if (holding) {
            held.push({ ev, data });
            return '';
          }
          return emit(ev, data);
        }
        case 'message_delta': {
          usage = { ...usage, ...(data.usage as JsonObject | undefined) };
          const stop = (data.delta as JsonObject | undefined)?.stop_reason;
          if (holding && !mixed && stop === 'tool_use') {
            intercepting = true;
            usages.push(usage);
            return release(true);
          }
          const out = release(false);
          if (n === 0) return out + verbatim(ev);
          return out + rewritten(ev, { ...data, usage: sumUsage([...usages, usage]) });
        }
        case 'message_stop':
          return intercepting ? '' : verbatim(ev);
        default:
          return verbatim(ev); // ping, error and event types we do not know pass through as they came
      }
    },
    end() {
      if (!intercepting) return { tail: release(false) };
      const content = blocks.content();
      const calls = [...ours].map((i) => blocks.get(i)!).map((b) => ({ callId: String(b.id), name: String(b.name), args: b.input }));
      return { tail: '', calls, next: (body, answers) => anthropicNext(body, content, answers) };
    },
  };
}
