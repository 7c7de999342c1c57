/**
 * The proxy against generated hostile bodies: 10,000 per provider shape through the app in process (app.fetch,
 * with an in-process upstream that records the exact bytes it receives), then a thousand per shape over real
 * sockets on 127.0.0.1 (real proxy port, real upstream port). Plus the body size limit (413 JSON) and one 50 MB
 * body. Every answer is judged by oracle.ts; a hang (> 5 s) or an unhandled rejection fails the run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createLlmDeps } from '../../src/app.ts';
import type { Platform } from '../../src/platform.ts';
import { createNodePlatform, serveNode } from '../../runtimes/node.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { caseArb, PATHS, SHAPES, type CaseKind } from './arbitraries.ts';
import { HANG_MS, RUNS, SEED, tally, within } from './budget.ts';
import { judge, UPSTREAM_REPLY, type Verdict } from './oracle.ts';

const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-fuzz', 'anthropic-version': '2023-06-01', authorization: 'Bearer sk-fuzz' };

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => { rejections.push(reason); };
beforeAll(() => { process.on('unhandledRejection', onRejection); });
afterAll(() => {
  process.off('unhandledRejection', onRejection);
  expect(rejections).toEqual([]);
});

/** The app in process, its upstream a function recording the bytes of each request. */
function inProcess() {
  let received: Uint8Array | undefined;
  const base = createNodePlatform({ store: 'memory', logLevel: 'silent' });
  const platform: Platform = {
    ...base,
    fetch: async (_input, init) => {
      received = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
      return new Response(UPSTREAM_REPLY, { headers: { 'content-type': 'application/json' } });
    },
  };
  const config = { upstreams: { anthropic: 'http://upstream.test', openai: 'http://upstream.test' } };
  const deps = createLlmDeps(platform, config);
  const app = createApp(platform, config, deps);
  return {
    deps,
    async send(path: string, bytes: Uint8Array<ArrayBuffer>) {
      received = undefined;
      const res = await app.fetch(new Request(`http://127.0.0.1${path}`, { method: 'POST', headers: HEADERS, body: bytes }));
      const reply = await res.text();
      return { status: res.status, reply, upstream: received };
    },
  };
}

describe('proxy in process (app.fetch): hostile bodies', () => {
  for (const shape of SHAPES) {
    it(`${shape}: ${RUNS.proxyInProcess} generated bodies — refused as 4xx JSON or forwarded faithfully`, async () => {
      const proxy = inProcess();
      const kinds = new Map<CaseKind, number>();
      const verdicts = new Map<Verdict, number>();
      await fc.assert(
        fc.asyncProperty(caseArb(shape), async (c) => {
          tally(kinds, c.kind);
          const r = await within(HANG_MS, `${shape} ${c.kind}`, proxy.send(PATHS[shape], c.bytes));
          tally(verdicts, await judge({ shape, sent: c.bytes, ...r, store: proxy.deps.store }));
        }),
        { numRuns: RUNS.proxyInProcess, seed: SEED + 1, endOnFailure: true },
      );
      console.log(`[reliability] proxy in-process ${shape}: ${RUNS.proxyInProcess} bodies ${JSON.stringify(Object.fromEntries(verdicts))}`);
      expect(verdicts.get('compressed') ?? 0).toBeGreaterThan(0);
      expect(verdicts.get('passthrough') ?? 0).toBeGreaterThan(0);
    }, 600_000);
  }
});

describe('regressions found by fuzzing', () => {
  it('a present but wrong-typed `tools` is forwarded as sent, never replaced by the gateway tools', async () => {
    const proxy = inProcess();
    const log = Array.from({ length: 3000 }, (_, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z INFO svc handled ${i}`).join('\n');
    for (const tools of ['abc', null, {}, 5]) {
      const body = {
        model: 'claude-x', max_tokens: 5, tools,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: log }] },
        ],
      };
      const r = await proxy.send('/v1/messages', new TextEncoder().encode(JSON.stringify(body)));
      expect(await judge({ shape: 'anthropic', sent: new TextEncoder().encode(JSON.stringify(body)), ...r, store: proxy.deps.store })).toBe('compressed');
      expect(JSON.parse(new TextDecoder().decode(r.upstream)).tools).toEqual(tools);
    }
  });
});

describe('proxy on a real port: hostile bodies over loopback', () => {
  let upstream: FakeUpstream;
  let proxy: Awaited<ReturnType<typeof serveNode>>;
  let base: string;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    upstream.script({ kind: 'raw', status: 200, body: UPSTREAM_REPLY, headers: { 'content-type': 'application/json' } });
    proxy = await serveNode({
      port: 0, store: 'memory', logLevel: 'silent',
      config: { upstreams: { anthropic: upstream.url, openai: upstream.url }, maxBodyBytes: 1024 * 1024 },
    });
    base = `http://127.0.0.1:${proxy.port}`;
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  for (const shape of SHAPES) {
    it(`${shape}: ${RUNS.proxyPort} generated bodies, 8 at a time`, async () => {
      const cases = fc.sample(caseArb(shape), { numRuns: RUNS.proxyPort, seed: SEED + 2 });
      const verdicts = new Map<Verdict, number>();
      const { store } = await storeOf(proxy);
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          // Each request carries a tag header so its upstream record can be found among concurrent ones.
          const tag = crypto.randomUUID();
          const res = await within(HANG_MS, `${shape} ${c.kind}`, fetch(base + PATHS[shape], { method: 'POST', headers: { ...HEADERS, 'x-fuzz-tag': tag }, body: c.bytes }));
          const reply = await res.text();
          const got = upstream.requests.find((q) => q.headers['x-fuzz-tag'] === tag);
          tally(verdicts, await judge({ shape, sent: c.bytes, upstream: got?.body, status: res.status, reply, store }));
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      upstream.requests.length = 0;
      console.log(`[reliability] proxy port ${shape}: ${cases.length} bodies ${JSON.stringify(Object.fromEntries(verdicts))}`);
    }, 600_000);
  }

  it('refuses a body over the limit with 413 JSON, declared or streamed, and sends nothing upstream', async () => {
    const before = upstream.requests.length;
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    const declared = await fetch(`${base}/v1/messages`, { method: 'POST', headers: HEADERS, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large', message: expect.stringContaining('1048576-byte limit') } });
    // Chunked (no content-length): counted while reading.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        c.close();
      },
    });
    const streamed = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: HEADERS, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.type).toBe('request_too_large');
    expect(upstream.requests.length).toBe(before);
  });
});

describe('one 50 MB body', () => {
  it('is compressed or forwarded within the hang bound, and answered with the upstream reply', async () => {
    const upstream = await startFakeUpstream();
    upstream.script({ kind: 'raw', status: 200, body: UPSTREAM_REPLY, headers: { 'content-type': 'application/json' } });
    const proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: upstream.url, openai: upstream.url } } });
    try {
      // A 50 MB tool result: a huge log (the compressors' worst case is a big input, not a weird one).
      const line = 'INFO 2026-01-01T00:00:00Z worker-7 processed batch 1234 in 56ms status=ok\n';
      const log = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
      const body = JSON.stringify({
        model: 'claude-x', max_tokens: 10, messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat big.log' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: log }] },
        ],
      });
      expect(body.length).toBeGreaterThan(50 * 1024 * 1024);
      const res = await within(60_000, '50 MB body', fetch(`http://127.0.0.1:${proxy.port}/v1/messages`, { method: 'POST', headers: HEADERS, body }));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(UPSTREAM_REPLY);
      const got = upstream.requests[0]!.body;
      // Forwarded whole, or compressed to something that still parses and is smaller.
      if (got.length !== Buffer.byteLength(body)) {
        expect(got.length).toBeLessThan(Buffer.byteLength(body));
        expect(() => JSON.parse(got.toString('utf8'))).not.toThrow();
      } else expect(got.toString('utf8')).toBe(body);
      // Its record is written without tokenizing 50 MB (that held the thread for minutes on a loaded machine):
      // past the exact-count cap the figures stay chars/4 estimates and say so.
      const rec = await within(10_000, '50 MB record', (async () => {
        for (;;) {
          const { recent } = await (await fetch(`http://127.0.0.1:${proxy.port}/stats`)).json() as { recent: { tokensBefore: number; tokenCount?: string }[] };
          if (recent.length > 0) return recent[0]!;
          await new Promise((r) => setTimeout(r, 20));
        }
      })());
      expect(rec.tokenCount).toBe('estimate');
      expect(rec.tokensBefore).toBe(Math.ceil(log.length / 4));
      console.log(`[reliability] 50 MB body: forwarded ${got.length} bytes`);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  }, 120_000);
});

/** The running proxy's store (for checking marker ids): read back through its own retrieve endpoint. */
async function storeOf(proxy: { port: number }) {
  const base = `http://127.0.0.1:${proxy.port}`;
  return {
    store: {
      async getOriginal(id: string) {
        const res = await fetch(`${base}/v1/retrieve/${id}`);
        if (res.status !== 200) throw new Error(`retrieve ${id}: ${res.status}`);
        return res.text();
      },
    } as unknown as import('../../src/store/store.ts').Store,
  };
}
