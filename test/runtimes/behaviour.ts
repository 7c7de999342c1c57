/**
 * The behaviour every runtime must show, run against each of them (STYLE #11): the app in Node (`app.request`),
 * the Worker inside workerd (miniflare), and real Bun and Deno servers on a port. A runner starts the scripted
 * upstream, hands its URL to `start`, and gets back a way to send requests to the gateway under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerIds } from '../../src/ccr/marker.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream, startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { FIXTURES, fixture } from '../compress/code/helpers.ts';

export interface Gateway {
  /** Sends `path` (e.g. "/health") to the gateway under test. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface RuntimeUnderTest {
  /** /health's `runtime` field, e.g. /^bun /. */
  runtime: RegExp;
  start(upstreamUrl: string): Promise<Gateway>;
}

const headers = { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' };

/** `text` repeated past `chars` characters: above the shell-output floor of the code compressor (1,500 tokens). */
function repeatTo(text: string, chars: number): string {
  // A PHP file opens once: `<?php` is kept at the top only.
  const [head, rest] = text.startsWith('<?php') ? ['<?php\n', text.slice(text.indexOf('\n') + 1)] : ['', text];
  return head + rest.repeat(Math.ceil(chars / rest.length));
}

/** One assistant turn that `cat`s a file per language, and the tool results: code from shell output gets outlined. */
function codeReadBody() {
  const calls = FIXTURES.map(([language, file, path]) => ({ language, id: `toolu_${language}`, path, text: repeatTo(fixture(file), 8000) }));
  return {
    calls,
    body: {
      model: 'claude-sonnet-4-5', max_tokens: 1000,
      messages: [
        { role: 'user', content: 'Summarise these files.' },
        { role: 'assistant', content: calls.map((c) => ({ type: 'tool_use', id: c.id, name: 'Bash', input: { command: `cat src/${c.path}` } })) },
        { role: 'user', content: calls.map((c) => ({ type: 'tool_result', tool_use_id: c.id, content: c.text })) },
      ],
    },
  };
}

export function runBehaviourSuite(name: string, rut: RuntimeUnderTest): void {
  describe(`${name}: shared behaviour`, () => {
    let upstream: FakeUpstream;
    let gw: Gateway;
    const last = () => upstream.requests[upstream.requests.length - 1]!;
    const post = (path: string, body: string, extra: Record<string, string> = {}) =>
      gw.fetch(path, { method: 'POST', body, headers: { ...headers, ...extra } });

    beforeAll(async () => {
      upstream = await startFakeUpstream();
      gw = await rut.start(upstream.url);
    }, 300_000);
    afterAll(async () => {
      await gw?.close();
      await upstream?.close();
    });

    it('answers /health with its runtime and what it cannot run', async () => {
      const res = await gw.fetch('/health');
      expect(res.status).toBe(200);
      const health = await res.json() as { ok: boolean; runtime: string; unavailable: Record<string, string> };
      expect(health.ok).toBe(true);
      expect(health.runtime).toMatch(rut.runtime);
      expect(health.unavailable).toBeTypeOf('object');
    });

    it('forwards a body with nothing to compress byte-for-byte and returns the upstream answer', async () => {
      upstream.script({ kind: 'json', body: { id: 'msg_1', usage: { input_tokens: 10, output_tokens: 2 } } });
      const raw = '{ "model":"claude-x",  "max_tokens": 1.0e3, "messages":[{"role":"user","content":"caf\\u00e9"}] }';
      const res = await post('/v1/messages?beta=true', raw);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 'msg_1' });
      expect(last().path).toBe('/v1/messages?beta=true');
      expect(last().body.toString('utf8')).toBe(raw);
    });

    it('passes other paths through and keeps upstream error statuses', async () => {
      upstream.script({ kind: 'raw', status: 429, body: '{"error":"slow down"}', headers: { 'retry-after': '7', 'content-type': 'application/json' } });
      const res = await gw.fetch('/v1/models?limit=5', { headers: { 'x-api-key': 'sk-test' } });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.text()).toBe('{"error":"slow down"}');
      expect(last()).toMatchObject({ method: 'GET', path: '/v1/models?limit=5' });
    });

    it('compresses a log, streams the answer through, and serves the original back by id (from its storage)', async () => {
      const log = serviceLog(3000, 1999);
      upstream.script({ kind: 'sse', events: anthropicStream('The charge timed out.') });
      const res = await post('/v1/messages', JSON.stringify(anthropicBody(log)));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(await res.text()).toBe(anthropicStream('The charge timed out.').join(''));
      const sent = JSON.parse(last().body.toString()) as { messages: { content: { content?: string }[] }[] };
      const compressed = sent.messages[2]!.content[0]!.content!;
      expect(compressed.length).toBeLessThan(log.length / 4);
      expect(compressed).toContain('ERROR payments-7f9c charge failed');
      const [id] = markerIds(compressed);
      expect(id).toBeDefined();
      const original = await gw.fetch(`/v1/retrieve/${id}`);
      expect(original.status).toBe(200);
      expect(await original.text()).toBe(log);
      expect((await gw.fetch('/v1/retrieve/0123456789abcdef0123456789abcdef')).status).toBe(404);
    });

    it('counts the requests it compressed in /stats', async () => {
      // Stats are written after the response ends; wait for the write rather than for a time.
      let requests = 0;
      for (let i = 0; i < 50 && requests < 2; i++) {
        const stats = await (await gw.fetch('/stats')).json() as { totals: { requests: number } };
        requests = stats.totals.requests;
        if (requests < 2) await new Promise((r) => setTimeout(r, 100));
      }
      expect(requests).toBeGreaterThanOrEqual(2);
    });

    it('outlines code in every language it ships a grammar for, or declares the code compressor unavailable', async () => {
      const health = await (await gw.fetch('/health')).json() as { unavailable: Record<string, string> };
      const { calls, body } = codeReadBody();
      upstream.script({ kind: 'json', body: { id: 'msg_2' } });
      expect((await post('/v1/messages', JSON.stringify(body))).status).toBe(200);
      const sent = JSON.parse(last().body.toString()) as { messages: { content: { content: string }[] }[] };
      const results = sent.messages[2]!.content;
      const outlined = calls.filter((c, i) => /elided/.test(results[i]!.content)).map((c) => c.language);
      const missing = calls.map((c) => c.language).filter((l) => !outlined.includes(l));
      if (health.unavailable.code) {
        // Every language left out is named; nothing failed because of it.
        for (const l of missing) expect(health.unavailable.code).toContain(l);
      } else {
        expect(missing).toEqual([]);
      }
    });
  });
}
