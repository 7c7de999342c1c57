/**
 * Splits an SSE byte stream into its blocks (the lines up to and including a blank line) and keeps each block's
 * exact bytes, so the retrieval loop can pass every block it does not change through as it came: comments
 * (`: ping`), `retry:` lines, CRLF or CR line endings and spacing survive (DESIGN §2.3, streams are sacred).
 * Line and field rules: WHATWG HTML §9.2.6 "Interpreting an event stream" — a line ends at CRLF, LF or CR; a blank
 * line ends the block; `data` lines join with LF; a block without `data` dispatches nothing.
 * Splitting works on bytes (CR and LF never occur inside a UTF-8 sequence), so even bytes that are not valid
 * UTF-8 go out unchanged.
 */

const CR = 0x0d;
const LF = 0x0a;

export interface RawBlock {
  /** The block as received, decoded (a stream-leading BOM kept), up to and including its blank line. */
  text: string;
  /** The same block as the exact bytes received. */
  bytes: Uint8Array;
}

/** A block that dispatches an event: its fields, as an EventSource would see them, plus its raw form. */
export interface SseEvent extends RawBlock {
  event?: string;
  data: string;
  id?: string;
}

export type Piece =
  /** A block with data: an event for the dialect. */
  | { kind: 'event'; ev: SseEvent }
  /** A block that dispatches nothing (comments, `retry:`, a lone blank line): never changed. */
  | { kind: 'other'; raw: RawBlock }
  /**
   * The LF of a CRLF whose CR ended the previous block at the very end of a chunk. That block went on at once
   * (waiting would hold a complete event back); this byte belongs to it.
   */
  | { kind: 'lf' };

export const LF_BYTES = Uint8Array.of(LF);

export class SseSplitter {
  /** Bytes of the current, incomplete block. */
  private pending: Uint8Array[] = [];
  private atLineStart = true;
  private prevCr = false;
  private strayLf = false;
  private first = true;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** The blocks a chunk completes, in order. */
  feed(chunk: Uint8Array): Piece[] {
    const out: Piece[] = [];
    let start = 0;
    if (this.strayLf) {
      this.strayLf = false;
      if (chunk[0] === LF) {
        out.push({ kind: 'lf' });
        this.prevCr = false;
        start = 1;
      }
    }
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === LF && this.prevCr) {
        this.prevCr = false; // the second half of a CRLF
        continue;
      }
      if (b !== CR && b !== LF) {
        this.atLineStart = false;
        this.prevCr = false;
        continue;
      }
      this.prevCr = b === CR;
      if (!this.atLineStart) {
        this.atLineStart = true;
        continue;
      }
      // A blank line: the block ends after its terminator (a CR may still be followed by the LF of a CRLF).
      let end = i + 1;
      if (b === CR) {
        if (end < chunk.length) {
          if (chunk[end] === LF) end++;
          this.prevCr = false;
        } else {
          this.strayLf = true;
        }
      }
      out.push(this.block(chunk.subarray(start, end)));
      start = end;
      i = end - 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return out;
  }

  /** Bytes of a block the stream ended without completing (an EventSource discards it), if any. */
  rest(): Uint8Array | undefined {
    if (this.pending.length === 0) return undefined;
    const bytes = concatBytes(this.pending);
    this.pending = [];
    return bytes;
  }

  private block(tail: Uint8Array): Piece {
    this.pending.push(tail);
    const bytes = concatBytes(this.pending);
    this.pending = [];
    const text = this.decoder.decode(bytes);
    // Only the stream's first byte order mark is dropped before parsing (§9.2.6); the bytes keep it.
    const fields = parseFields(this.first && text.startsWith('\uFEFF') ? text.slice(1) : text);
    this.first = false;
    return fields ? { kind: 'event', ev: { ...fields, text, bytes } } : { kind: 'other', raw: { text, bytes } };
  }
}

/** A block's lines, each with its terminator (every block ends with one). */
export const LINES = /([^\r\n]*)(\r\n|\r|\n)/g;

/** The field a line sets (`data`, `event`, …), or undefined for a comment or blank line. */
export function fieldName(line: string): string | undefined {
  if (line === '' || line.startsWith(':')) return undefined;
  const colon = line.indexOf(':');
  return colon < 0 ? line : line.slice(0, colon);
}

function parseFields(text: string): { event?: string; data: string; id?: string } | undefined {
  let data: string | undefined;
  let event = '';
  let id: string | undefined;
  for (const [, line] of text.matchAll(LINES)) {
    const name = fieldName(line!);
    if (name === undefined) continue;
    let value = name.length < line!.length ? line!.slice(name.length + 1) : '';
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (name === 'event') event = value;
    else if (name === 'id' && !value.includes('\0')) id = value;
    // `retry` and unknown fields change nothing the loop reads.
  }
  if (data === undefined) return undefined;
  return { ...(event ? { event } : {}), data, ...(id !== undefined ? { id } : {}) };
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
