/**
 * Upstream faults, through the real proxy on 127.0.0.1: the client always gets the upstream's real status and body,
 * or a clear 502/504 JSON error; a cut stream is cut for the client too (never completed); a client that hangs up
 * takes the upstream request down with it (sockets counted on the upstream). And a compressor that throws or
 * overruns its budget leaves its block unchanged, the request is served, and the failure is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createLlmDeps } from '../../src/app.ts';
import { createRegistry } from '../../src/compress/registry.ts';
import type { Compressor } from '../../src/compress/types.ts';
import { createNodePlatform, serveNode } from '../../runtimes/node.ts';
import { serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream } from '../proxy/fake-upstream.ts';
import { within } from './budget.ts';
import { anthropicEvents, eventually, sleep, startFaultUpstream, type FaultUpstream } from './fault-upstream.ts';

let upstream: FaultUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let base: string;
const HEADER_TIMEOUT_MS = 1_000;
const faults: string[] = [];

beforeAll(async () => {
  upstream = await startFaultUpstream();
  proxy = await serveNode({
    port: 0, store: 'memory', logLevel: 'silent',
    config: { upstreams: { anthropic: upstream.url, openai: upstream.url }, upstreamHeaderTimeoutMs: HEADER_TIMEOUT_MS },
  });
  base = `http://127.0.0.1:${proxy.port}`;
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
  console.log(`[reliability] upstream faults survived: ${faults.length} (${faults.join(', ')})`);
});

const BODY = JSON.stringify({ model: 'claude-x', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] });
const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-f', 'anthropic-version': '2023-06-01' };

/** Posts and reads the whole answer; `error` is set when the body broke off instead of ending. */
async function call(path = '/v1/messages', init: RequestInit = {}, serverBase = base) {
  const res = await within(15_000, path, fetch(serverBase + path, { method: 'POST', headers: HEADERS, body: BODY, ...init }));
  const chunks: Uint8Array[] = [];
  let error: unknown;
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (err) {
    error = err;
  }
  return { res, body: Buffer.concat(chunks).toString('utf8'), error };
}

function expectJsonError(r: { res: Response; body: string }, status: number, message: RegExp) {
  expect(r.res.status).toBe(status);
  expect(r.res.headers.get('content-type')).toContain('application/json');
  const parsed = JSON.parse(r.body) as { type: string; error: { type: string; message: string } };
  expect(parsed.type).toBe('error');
  expect(parsed.error.message).toMatch(message);
}

describe('cannot reach the upstream', () => {
  it('connection refused → 502 JSON naming the upstream', async () => {
    const dead = await startFaultUpstream();
    const url = dead.url;
    await dead.close();
    const p = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: url, openai: url } } });
    try {
      expectJsonError(await call('/v1/messages', {}, `http://127.0.0.1:${p.port}`), 502, /could not reach http:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/);
      faults.push('connection refused');
    } finally {
      await p.close();
    }
  });

  it('DNS failure (.invalid never resolves, RFC 6761) → 502 JSON', async () => {
    const url = 'http://headroom-upstream.invalid';
    const p = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: url, openai: url } } });
    try {
      expectJsonError(await call('/v1/messages', {}, `http://127.0.0.1:${p.port}`), 502, /could not reach http:\/\/headroom-upstream\.invalid.*(ENOTFOUND|EAI_AGAIN)/);
      faults.push('DNS failure');
    } finally {
      await p.close();
    }
  });

  it('the upstream closes the connection without answering → 502 JSON', async () => {
    upstream.set((_req, res) => { res.socket?.destroy(); });
    expectJsonError(await call(), 502, /could not reach/);
    faults.push('connection reset');
  });

  it('no response headers within the configured timeout → 504 JSON, and the upstream socket is released', async () => {
    const before = upstream.aborted;
    upstream.set(() => { /* never answers */ });
    const r = await call();
    expectJsonError(r, 504, /sent no response headers within 1000 ms/);
    expect(await eventually(() => upstream.aborted === before + 1)).toBe(true);
    faults.push('timeout before headers');
  });
});

describe('upstream errors come through as they are', () => {
  for (const status of [500, 502, 503, 529]) {
    it(`${status} with its body`, async () => {
      const body = `{"type":"error","error":{"type":"api_error","message":"upstream says ${status}"}}`;
      upstream.set((_req, res) => { res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_5xx' }).end(body); });
      const r = await call();
      expect(r.res.status).toBe(status);
      expect(r.body).toBe(body);
      expect(r.res.headers.get('request-id')).toBe('req_5xx');
      faults.push(`${status}`);
    });
  }

  it('429 with retry-after', async () => {
    const body = '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}';
    upstream.set((_req, res) => { res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '17' }).end(body); });
    const r = await call();
    expect(r.res.status).toBe(429);
    expect(r.res.headers.get('retry-after')).toBe('17');
    expect(r.body).toBe(body);
    faults.push('429 retry-after');
  });
});

describe('broken streams', () => {
  it('a stream cut mid-event is cut for the client: an error, never a completed message', async () => {
    const events = anthropicEvents(20);
    const sent = events.slice(0, 8).join('') + events[8]!.slice(0, 25);
    upstream.set(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sent);
      await sleep(50);
      res.socket?.destroy();
    });
    const r = await call();
    expect(r.res.status).toBe(200);
    expect(r.error).toBeDefined();
    expect(r.body).not.toContain('message_stop');
    expect(sent.startsWith(r.body)).toBe(true);
    faults.push('stream cut mid-event');
  });

  it('a JSON body cut short of its content-length is a 502 JSON error for the client, never a truncated 200', async () => {
    upstream.set((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"id":"msg_1","content":[');
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const r = await call('/v1/messages', { body: BODY.replace('"stream":true', '"stream":false') });
    expect(r.error).toBeUndefined();
    expectJsonError(r, 502, /200 answer broke off before its end/);
    faults.push('JSON cut short');
  });

  it('slow drip (1 byte/s for 4 s, past the header timeout) arrives whole and byte-identical', async () => {
    const events = anthropicEvents(2).join('');
    const drip = 4;
    upstream.set(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < drip; i++) {
        res.write(events.slice(i, i + 1));
        await sleep(1_000);
      }
      res.end(events.slice(drip));
    });
    const r = await call();
    expect(r.error).toBeUndefined();
    expect(r.body).toBe(events);
    faults.push('slow drip');
  }, 20_000);

  it('invalid SSE (no data lines, junk fields, binary, missing blank lines) passes through byte-identical', async () => {
    const junk = 'event: ping\n\n:comment\nnot a field at all\ndata\ndata:{"half":\n\x00\x01\xff\r\nretry: abc\n\nevent: message_stop\ndata: {oops}\n\n' + 'data: no terminator';
    upstream.set((_req, res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }).end(junk); });
    const r = await call();
    expect(r.res.status).toBe(200);
    expect(r.error).toBeUndefined();
    expect(r.body).toBe(junk);
    faults.push('invalid SSE');
  });

  it('a giant single event (20 MB in one data line) arrives byte-identical', async () => {
    const events = anthropicEvents(1);
    const giant = `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x'.repeat(20 * 1024 * 1024) } })}\n\n`;
    const all = events.slice(0, 2).join('') + giant + events.slice(2).join('');
    upstream.set((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Written in 64 KB pieces, as a network would deliver it.
      for (let i = 0; i < all.length; i += 65_536) res.write(all.slice(i, i + 65_536));
      res.end();
    });
    const r = await call();
    expect(r.error).toBeUndefined();
    expect(r.body.length).toBe(all.length);
    expect(r.body === all).toBe(true);
    faults.push('giant event');
  }, 30_000);
});

describe('the client hangs up', () => {
  it('aborting mid-stream aborts the upstream request; no socket is left open', async () => {
    // Settle the keep-alive pool first: one complete request, so the count before is steady.
    upstream.set((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
    await call();
    const before = upstream.open;
    const abortedBefore = upstream.aborted;
    const events = anthropicEvents(10_000);
    upstream.set(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const e of events) {
        if (res.destroyed) return;
        res.write(e);
        await sleep(10);
      }
      res.end();
    });
    const controller = new AbortController();
    const res = await fetch(`${base}/v1/messages`, { method: 'POST', headers: HEADERS, body: BODY, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    expect(await eventually(() => upstream.aborted === abortedBefore + 1)).toBe(true);
    // The aborted request's socket is destroyed, not returned to the pool: at most the sockets open before remain.
    expect(await eventually(() => upstream.open <= before)).toBe(true);
    faults.push('client disconnect');
  });

  it('aborting while waiting for headers aborts the upstream request too', async () => {
    const abortedBefore = upstream.aborted;
    upstream.set(() => { /* never answers */ });
    const controller = new AbortController();
    const pending = fetch(`${base}/v1/messages`, { method: 'POST', headers: HEADERS, body: BODY, signal: controller.signal }).catch((e: unknown) => e);
    await eventually(() => upstream.requests > 0);
    await sleep(100);
    controller.abort();
    await pending;
    expect(await eventually(() => upstream.aborted === abortedBefore + 1)).toBe(true);
    faults.push('client disconnect before headers');
  });
});

describe('a failing compressor', () => {
  const failing = (name: string, run: () => void): Compressor => ({ name, compress: () => { run(); return { text: 'never used', lossy: false }; } });

  for (const [what, compressor] of [
    ['throws', failing('thrower', () => { throw new Error('boom: injected failure'); })],
    ['overruns its budget', failing('sloth', () => { const until = performance.now() + 150; while (performance.now() < until); })],
  ] as const) {
    it(`that ${what}: the request is served, the block goes out unchanged, the failure is counted`, async () => {
      const fake = await startFakeUpstream();
      fake.script({ kind: 'json', body: { id: 'msg_1', usage: { input_tokens: 1, output_tokens: 1 } } });
      const platform = createNodePlatform({ store: 'memory', logLevel: 'silent' });
      const base = createRegistry();
      const registry = { ...base, compressors: { ...base.compressors, log: [compressor] } };
      const config = { upstreams: { anthropic: fake.url, openai: fake.url }, compressBudgetMs: 50 };
      const deps = createLlmDeps(platform, config, { registry });
      const app = createApp(platform, config, deps);
      try {
        const raw = JSON.stringify({
          model: 'claude-x', max_tokens: 5, messages: [
            { role: 'user', content: 'why did it fail?' },
            { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat app.log' } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: serviceLog(800, 400) }] },
          ],
        });
        const res = await app.fetch(new Request('http://127.0.0.1/v1/messages', { method: 'POST', headers: HEADERS, body: raw }));
        expect(res.status).toBe(200);
        await res.text();
        // Unchanged block and nothing else to do: the client's exact bytes went upstream.
        expect(fake.requests[0]!.body.toString('utf8')).toBe(raw);
        // The record is written after the answer (exact counts first): wait for it, not for a time.
        for (let i = 0; i < 250 && (await deps.ledger.recent(1)).length === 0; i++) await sleep(20);
        const totals = await deps.ledger.totals();
        expect(totals.compressorErrors).toBe(1);
        const [record] = await deps.ledger.recent(1);
        const decision = record!.blocks[0]!.decisions.find((d) => d.outcome === 'error');
        expect(decision?.compressor).toBe(compressor.name);
        expect(decision?.reason).toMatch(what === 'throws' ? /boom: injected failure/ : /time budget exceeded/);
        const metrics = await (await app.fetch(new Request('http://127.0.0.1/metrics'))).text();
        expect(metrics).toMatch(/headroom_errors_total\{provider="anthropic",kind="compressor"\} 1/);
        faults.push(`compressor ${what}`);
      } finally {
        await fake.close();
      }
    });
  }
});
