/** `headroom doctor`: every check with ✓/✗ and a fix; a durable config pointing at a dead proxy fails it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { cacheCheck, savingsCheck } from '../../src/cli/doctor-checks.ts';
import type { Totals } from '../../src/proxy/stats.ts';
import { headroom, sandbox, type Sandbox } from './fixtures/wrap-harness.ts';

let box: Sandbox;
beforeEach(() => { box = sandbox(); });
afterEach(() => box.cleanup());

describe('headroom doctor', () => {
  it('passes with a healthy proxy and a wrapped agent; fails once that proxy is gone, and unwrap clears it', async () => {
    const proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent' });
    const base = `http://127.0.0.1:${proxy.port}`;
    const w = await headroom(['wrap', 'claude', '--persist', '--port', String(proxy.port)], box.env);
    expect(w.code, w.err).toBe(0);

    const ok = await headroom(['doctor', '--url', base], box.env);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/^✓ proxy +headroom \d+\.\d+\.\d+ at http/m);
    expect(ok.out).toMatch(/^✓ storage /m);
    expect(ok.out).toMatch(/^✓ agent claude +.*settings\.json → http:\/\/127\.0\.0\.1:\d+ \(headroom/m);
    expect(ok.out).toMatch(/^! savings +no requests have gone through this proxy yet/m);
    expect(ok.out).toMatch(/^[✓–] grammars /m);

    const json = await headroom(['doctor', '--url', base, '--json'], box.env);
    const body = JSON.parse(json.out) as { ok: boolean; checks: { name: string; status: string }[] };
    expect(body.ok).toBe(true);
    expect(body.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['proxy', 'storage', 'grammars', 'text model', 'agent claude', 'savings', 'cache prefix']));

    await proxy.close();
    const dead = await headroom(['doctor', '--url', base], box.env);
    expect(dead.code).toBe(1);
    expect(dead.out).toMatch(/^✗ proxy /m);
    expect(dead.out).toMatch(/^✗ agent claude .*nothing answers there/m);
    expect(dead.out).toContain('`headroom unwrap claude` restores the old config');

    expect((await headroom(['unwrap', 'claude'], box.env)).code).toBe(0);
    const after = await headroom(['doctor', '--url', base, '--json'], box.env);
    expect((JSON.parse(after.out) as { checks: { name: string }[] }).checks.some((c) => c.name === 'agent claude')).toBe(false);
  });

  it('flags a shell variable pointing at a dead proxy', async () => {
    const r = await headroom(['doctor', '--url', 'http://127.0.0.1:9'], { ...box.env, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ agent claude +\$ANTHROPIC_BASE_URL → http:\/\/127\.0\.0\.1:9/m);
    expect(r.out).toContain('unset ANTHROPIC_BASE_URL');
  });
});

const bucket = { requests: 0, compressedRequests: 0, tokensBefore: 0, tokensAfter: 0, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, errors: 0 };
const totals = (over: Partial<Totals>): Totals => ({ ...bucket, since: 0, byModel: {}, byDay: {}, prefix: { compared: 0, changed: 0, volatile: 0, recent: [] }, ...over } as Totals);

describe('doctor checks on /stats', () => {
  it('reports savings flowing, with the share saved', () => {
    const c = savingsCheck(totals({ requests: 10, compressedRequests: 4, tokensBefore: 10_000, tokensAfter: 2_500 }), [], 0);
    expect(c).toMatchObject({ status: 'ok', detail: 'saved 7,500 of 10,000 tool-output tokens (75%) in 4 of 10 requests' });
  });

  it('reports volatile spans in the cached prefix with the exact place', () => {
    const c = cacheCheck(totals({
      prefix: {
        compared: 5, changed: 2, volatile: 2,
        recent: [{ time: 0, requestId: 'r1', provider: 'anthropic', model: 'claude-x', span: { field: 'system[0].text', offset: 42, length: 19, kind: 'timestamp', before: '2026-01-01T10:00:00', after: '2026-01-01T10:05:00' } }],
      },
    }));
    expect(c.status).toBe('warn');
    expect(c.detail).toContain('claude-x: system[0].text @42 (timestamp): "2026-01-01T10:00:00" → "2026-01-01T10:05:00"');
    expect(c.fix).toContain('system prompt');
  });
});
