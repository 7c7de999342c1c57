/**
 * What the dialects write (WHATWG HTML §9.2 event stream format). A block they pass on goes out as received
 * (`verbatim`); a block whose payload they change keeps every other line and its line endings (`rewritten`);
 * only events the gateway makes itself (errors, regrouped tool-call chunks) are formatted anew.
 */
import { isObject, type JsonObject } from '../../providers/types.ts';
import { fieldName, LINES, type SseEvent } from './sse-split.ts';

export type { SseEvent } from './sse-split.ts';

/** A new event in wire form; multi-line data becomes several `data:` lines, as the format requires. */
export function formatEvent(event: string | undefined, data: string, id?: string): string {
  let out = event ? `event: ${event}\n` : '';
  if (id !== undefined) out += `id: ${id}\n`;
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** The block exactly as it came: comments, `retry:`, spacing and line endings included. */
export const verbatim = (ev: SseEvent): string => ev.text;

/**
 * The block with a new JSON payload: its `data` lines give way to one `data:` line (JSON.stringify never writes
 * a raw line break) ending like the first of them; every other line and the closing blank line stay as they were.
 */
export function rewritten(ev: SseEvent, data: unknown): string {
  let out = '';
  let placed = false;
  for (const [whole, line, end] of ev.text.matchAll(LINES)) {
    const bom = line!.startsWith('\uFEFF') ? '\uFEFF' : '';
    if (fieldName(line!.slice(bom.length)) !== 'data') out += whole;
    else if (!placed) {
      out += `${bom}data: ${JSON.stringify(data)}${end!}`;
      placed = true;
    }
  }
  return out;
}

export function parseData(ev: SseEvent): JsonObject | undefined {
  try {
    const v: unknown = JSON.parse(ev.data);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
