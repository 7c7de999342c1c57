/**
 * Runs one upstream round's SSE body through its dialect and yields, per upstream chunk, the bytes the client gets
 * for it — as soon as the chunk completes a block; only the current incomplete block waits. A block the dialect
 * passes on unchanged goes out as the very bytes received, so a stream in which the model never calls
 * `headroom_retrieve` reaches the client byte for byte, chunk for chunk (DESIGN §2.3).
 */
import type { StreamRound } from './dialect.ts';
import { concatBytes, LF_BYTES, SseSplitter, type SseEvent } from './sse-split.ts';

const encoder = new TextEncoder();

export interface RelayedRound {
  /** Bytes per upstream chunk (chunks that complete no block, or only held ones, yield nothing). */
  chunks: AsyncGenerator<Uint8Array>;
  /** After `chunks` is done: the bytes of a block the upstream left incomplete at its end, if any. */
  rest(): Uint8Array | undefined;
}

/**
 * `onReader` hands out the reader so a client disconnect can cancel it (which aborts the upstream request). A read
 * error propagates: a cut upstream is cut for the client too.
 */
export function relayRound(body: ReadableStream<Uint8Array>, round: StreamRound, onReader: (r: ReadableStreamDefaultReader<Uint8Array>) => void): RelayedRound {
  const split = new SseSplitter();
  /** The last event the dialect saw, and whether its own bytes were the last the client got. */
  let last: SseEvent | undefined;
  let lastSent = false;

  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = body.getReader();
    onReader(reader);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const parts: Uint8Array[] = [];
        for (const piece of split.feed(value)) {
          if (piece.kind === 'lf') {
            // Completes the CRLF of the block before it: sent with it, or kept with it when the dialect held it.
            if (lastSent) parts.push(LF_BYTES);
            else if (last) {
              last.text += '\n';
              last.bytes = concatBytes([last.bytes, LF_BYTES]);
            }
          } else if (piece.kind === 'other') {
            // Comments and `retry:` dispatch nothing, so nothing orders them against held events: they go at once
            // (keepalives stay timely while a call is withheld or a continuation is awaited).
            parts.push(piece.raw.bytes);
            last = undefined;
            lastSent = true;
          } else {
            const ev = piece.ev;
            const out = round.event(ev);
            if (out === ev.text) parts.push(ev.bytes);
            else if (out) parts.push(encoder.encode(out));
            last = ev;
            lastSent = out.endsWith(ev.text);
          }
        }
        if (parts.length) yield concatBytes(parts);
      }
    } finally {
      reader.releaseLock();
    }
  }

  return { chunks: chunks(), rest: () => split.rest() };
}
