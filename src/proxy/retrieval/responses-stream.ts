/**
 * OpenAI Responses SSE through the gateway-tool loop. Events of our function_call output items are held back; the
 * continuation's response.created / in_progress are dropped, its output_index values continue after what the
 * client has seen, every event's sequence_number is renumbered to stay consecutive, and the final
 * response.completed lists all client-visible output items with the usage of all rounds.
 * Event shapes: platform.openai.com/docs/api-reference/responses-streaming.
 */
import type { JsonObject } from '../../providers/types.ts';
import type { OurTools, StreamDialect, StreamRound } from './dialect.ts';
import { isClientCall, isOurCall, ourCalls, responsesNext } from './responses-json.ts';
import { formatEvent, parseData, rewritten, verbatim, type SseEvent } from './sse.ts';
import { sumUsage } from './usage-sum.ts';

interface Shared {
  seq: number;
  nextOutput: number;
  usages: unknown[];
  /** Output items the client has been shown, in order (for the final response.completed). */
  visible: unknown[];
}

const STARTS = new Set(['response.created', 'response.in_progress', 'response.queued']);
const ENDS = new Set(['response.failed', 'response.incomplete', 'error']);

export function responsesStream(tools: OurTools): StreamDialect {
  const shared: Shared = { seq: 0, nextOutput: 0, usages: [], visible: [] };
  return {
    round: (n, intercept) => responsesRound(n, intercept, tools, shared),
    error(message, upstream) {
      return formatEvent('error', JSON.stringify({
        type: 'error', code: upstream?.code ?? 'server_error', message: upstream?.message ?? message, param: null, sequence_number: shared.seq++,
      }));
    },
  };
}

function responsesRound(n: number, intercept: boolean, tools: OurTools, shared: Shared): StreamRound {
  const toClient = new Map<number, number>();
  const ours = new Set<number>();
  let held: { ev: SseEvent; data: JsonObject }[] = [];
  let holding = false;
  let mixed = false;
  let intercepting = false;
  let output: unknown[] = [];

  const emit = (ev: SseEvent, data: JsonObject, patch: JsonObject = {}): string => {
    const next: JsonObject = { ...data, ...patch };
    if (typeof data.sequence_number === 'number') next.sequence_number = shared.seq++;
    if (typeof data.output_index === 'number') {
      let target = toClient.get(data.output_index);
      if (target === undefined) toClient.set(data.output_index, (target = shared.nextOutput++));
      next.output_index = target;
    }
    const same = next.sequence_number === data.sequence_number && next.output_index === data.output_index && Object.keys(patch).length === 0;
    return same ? verbatim(ev) : rewritten(ev, next);
  };
  const release = (skipOurs: boolean): string => {
    let out = '';
    for (const h of held) if (!(skipOurs && ours.has(h.data.output_index as number))) out += emit(h.ev, h.data);
    held = [];
    holding = false;
    return out;
  };

  return {
    event(ev) {
      const data = parseData(ev);
      if (!data) return verbatim(ev);
      const type = String(data.type ?? ev.event ?? '');
      if (STARTS.has(type)) return n === 0 ? emit(ev, data) : '';
      if (typeof data.output_index === 'number') {
        if (type === 'response.output_item.added') {
          if (isOurCall(data.item, tools) && intercept && !mixed) {
            ours.add(data.output_index);
            holding = true;
          } else if (holding && isClientCall(data.item, tools)) {
            mixed = true; // the client answers its own calls, ours with them
            return release(false) + emit(ev, data);
          }
        }
        if (holding) {
          held.push({ ev, data });
          return '';
        }
        return emit(ev, data);
      }
      if (type === 'response.completed') {
        const response = (data.response ?? {}) as JsonObject;
        output = Array.isArray(response.output) ? response.output : [];
        shared.usages.push(response.usage);
        if (holding && !mixed && ourCalls(output, tools)) {
          intercepting = true;
          shared.visible.push(...output.filter((item) => !isOurCall(item, tools)));
          return release(true);
        }
        const out = release(false);
        if (n === 0) return out + emit(ev, data);
        const merged = { ...response, output: [...shared.visible, ...output], usage: sumUsage(shared.usages) };
        return out + emit(ev, data, { response: merged });
      }
      // A turn that ends otherwise (failed, incomplete, error) shows everything it held; other events keep their place.
      if (holding && !ENDS.has(type)) {
        held.push({ ev, data });
        return '';
      }
      return release(false) + emit(ev, data);
    },
    end() {
      if (!intercepting) return { tail: release(false) };
      const calls = ourCalls(output, tools)!;
      const items = output;
      return { tail: '', calls, next: (body, answers) => responsesNext(body, items, answers) };
    },
  };
}
