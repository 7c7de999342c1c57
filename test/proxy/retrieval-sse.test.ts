/** The retrieval loop's SSE splitting: raw blocks kept byte for byte, fields as an EventSource reads them. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { anthropicStream } from '../../src/proxy/retrieval/anthropic-stream.ts';
import { retrievalStream, type LoopDeps } from '../../src/proxy/retrieval/continuation.ts';
import { SseSplitter, type Piece } from '../../src/proxy/retrieval/sse-split.ts';
import { rewritten } from '../../src/proxy/retrieval/sse.ts';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { ignoreBOM: true });

/** Every shape the format allows: BOM, comments, retry, id, CRLF, CR, LF, no space after the colon, multi-line data. */
const CORPUS = [
  '\uFEFF: hello\r\n\r\n',
  'retry: 3000\n\n',
  'event: message_start\r\ndata: {"type":"message_start","t":"é—ü"}\r\n\r\n',
  ': ping\n\n',
  'event: a\rdata:{"x":1}\r: inside\r\r',
  'id: 7\nevent: b\ndata: line one\ndata:  two spaces\ndata\n\n',
  '\n',
  'event: no-data\r\n\r\n',
  'data: [DONE]\r\n\r\n',
].join('');

function split(chunks: Uint8Array[]): { pieces: Piece[]; bytes: number[]; rest?: Uint8Array } {
  const s = new SseSplitter();
  const pieces: Piece[] = [];
  const bytes: number[] = [];
  for (const c of chunks) {
    for (const p of s.feed(c)) {
      pieces.push(p);
      bytes.push(...(p.kind === 'lf' ? [10] : p.kind === 'event' ? p.ev.bytes : p.raw.bytes));
    }
  }
  const rest = s.rest();
  return { pieces, bytes, rest };
}

function reference(text: string): EventSourceMessage[] {
  const out: EventSourceMessage[] = [];
  createParser({ onEvent: (ev) => out.push(ev) }).feed(text);
  return out;
}

const fields = (pieces: Piece[]) => pieces.flatMap((p) => (p.kind === 'event' ? [{ id: p.ev.id, event: p.ev.event, data: p.ev.data }] : []));

describe('SseSplitter', () => {
  const bytes = enc.encode(CORPUS);
  const expected = reference(CORPUS);

  it('reads the fields an EventSource reads and keeps every byte, however the stream is cut', () => {
    expect(expected.length).toBe(4);
    const cuts: Uint8Array[][] = [[bytes], [...bytes].map((b) => Uint8Array.of(b))];
    for (let i = 1; i < bytes.length; i++) cuts.push([bytes.subarray(0, i), bytes.subarray(i)]);
    for (const chunks of cuts) {
      const r = split(chunks);
      expect(r.rest).toBeUndefined();
      expect(Uint8Array.from(r.bytes)).toEqual(bytes);
      expect(fields(r.pieces)).toEqual(expected);
    }
  });

  it('ends a block at its blank line, even when only the CR of a CRLF has arrived', () => {
    const s = new SseSplitter();
    const [first] = s.feed(enc.encode('data: 1\r\n\r'));
    expect(first).toMatchObject({ kind: 'event', ev: { data: '1', text: 'data: 1\r\n\r' } });
    const next = s.feed(enc.encode('\ndata: 2\r\n\r\n'));
    expect(next.map((p) => p.kind)).toEqual(['lf', 'event']);
    expect(next[1]).toMatchObject({ ev: { data: '2', text: 'data: 2\r\n\r\n' } });
  });

  it('keeps bytes that are not UTF-8 and returns an unfinished block as rest', () => {
    const s = new SseSplitter();
    const odd = Uint8Array.of(...enc.encode(': x'), 0xff, 0xfe, 10, 10, ...enc.encode('data: 1\n'));
    const [p] = s.feed(odd);
    expect(p?.kind === 'other' && p.raw.bytes).toEqual(odd.subarray(0, 7));
    expect(s.rest()).toEqual(enc.encode('data: 1\n'));
  });

  it('a rewritten block keeps its other lines and line endings', () => {
    const s = new SseSplitter();
    const [p] = s.feed(enc.encode(': c\r\nevent: x\r\ndata: {"index":1}\r\nid: 3\r\nretry: 5\r\n\r\n'));
    if (p?.kind !== 'event') throw new Error('no event');
    expect(rewritten(p.ev, { index: 0 })).toBe(': c\r\nevent: x\r\ndata: {"index":0}\r\nid: 3\r\nretry: 5\r\n\r\n');
  });
});

/** An upstream body the test feeds chunk by chunk. */
function controlled() {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => { ctl = c; } });
  return { response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }), push: (s: string) => ctl.enqueue(enc.encode(s)), close: () => ctl.close() };
}

const deps: LoopDeps = {
  send: () => Promise.reject(new Error('no continuation expected')),
  answer: () => Promise.reject(new Error('no call expected')),
};

describe('retrievalStream', () => {
  it('forwards each upstream chunk as soon as it completes a block, as the same bytes', async () => {
    const up = controlled();
    const reader = retrievalStream(up.response, {}, anthropicStream(), deps).getReader();
    const read = async () => dec.decode((await reader.read()).value);
    up.push(': ping\r\n\r\nevent: message_start\r\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":1}}}\r\n\r\nevent: content_block_start\r\n');
    expect(await read()).toBe(': ping\r\n\r\nevent: message_start\r\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":1}}}\r\n\r\n');
    up.push('data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\r\n\r');
    expect(await read()).toBe('event: content_block_start\r\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\r\n\r');
    up.push('\nretry: 10\n\n');
    expect(await read()).toBe('\nretry: 10\n\n');
    up.push('event: message_stop\ndata: {"type":"message_stop"}\n\nevent: partial\n');
    expect(await read()).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    up.close();
    expect(await read()).toBe('event: partial\n');
    expect((await reader.read()).done).toBe(true);
  });
});
