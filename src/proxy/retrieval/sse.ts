/** SSE reading and writing for the retrieval loop (WHATWG HTML §9.2 event stream format), via eventsource-parser. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { isObject, type JsonObject } from '../../providers/types.ts';

export type SseEvent = EventSourceMessage;

/** One event in wire form; multi-line data becomes several `data:` lines, as the format requires. */
export function formatEvent(event: string | undefined, data: string, id?: string): string {
  let out = event ? `event: ${event}\n` : '';
  if (id !== undefined) out += `id: ${id}\n`;
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** The event as it came (same name, id and data). */
export const verbatim = (ev: SseEvent): string => formatEvent(ev.event, ev.data, ev.id);

/** The event with a rewritten JSON payload. */
export const rewritten = (ev: SseEvent, data: unknown): string => formatEvent(ev.event, JSON.stringify(data), ev.id);

export function parseData(ev: SseEvent): JsonObject | undefined {
  try {
    const v: unknown = JSON.parse(ev.data);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an SSE body and yields the events completed by each chunk. `onReader` hands out the reader so a client
 * disconnect can cancel it (which aborts the upstream request). A read error propagates: a cut upstream is cut for
 * the client too.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, onReader: (r: ReadableStreamDefaultReader<Uint8Array>) => void): AsyncGenerator<SseEvent[]> {
  const reader = body.getReader();
  onReader(reader);
  let batch: SseEvent[] = [];
  const parser = createParser({ onEvent: (ev) => { batch.push(ev); } });
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (batch.length) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    // An event left without its closing blank line at end of stream is discarded (HTML §9.2.6), not completed.
    parser.feed(decoder.decode());
    if (batch.length) yield batch;
  } finally {
    reader.releaseLock();
  }
}
