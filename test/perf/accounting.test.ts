/**
 * Honest accounting: the pricing table, the ledger's agent / cost fields, and `headroom stats --since --by --json|--csv`
 * (the real bin against a proxy on 127.0.0.1 fed by a scripted upstream).
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from 'unstorage';
import { serveNode } from '../../runtimes/node.ts';
import { estimateCost, priceFor } from '../../src/pricing/index.ts';
import { agentFromUserAgent, createStatsLedger, type RequestRecord } from '../../src/proxy/stats.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream, startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';

describe('pricing and the ledger', () => {
  it('prices a model by its longest prefix and leaves unknown models unpriced', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toMatchObject({ input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
    expect(priceFor('gpt-5-mini-2025-08-07')?.input).toBe(0.25);
    expect(priceFor('gpt-5')?.input).toBe(1.25);
    expect(priceFor('anthropic/claude-opus-4-1')?.input).toBe(15);
    expect(priceFor('llama-3-70b')).toBeUndefined();
    const c = estimateCost({ model: 'claude-sonnet-4-5', removed: 1_000_000, input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheWrite: 1_000_000 })!;
    expect(c.savedByUs).toBeCloseTo(3);
    expect(c.cacheDiscount).toBeCloseTo(2.7);
    expect(c.cacheWrites).toBeCloseTo(3.75);
    expect(c.output).toBeCloseTo(15);
  });

  it('reads the agent from the user-agent header', () => {
    expect(agentFromUserAgent('claude-cli/2.1.197 (external, cli)')).toBe('claude-cli');
    expect(agentFromUserAgent('codex_cli_rs/0.169.0 (Debian 12; x86_64) xterm')).toBe('codex_cli_rs');
    expect(agentFromUserAgent(null)).toBeUndefined();
  });

  it('records cost and agent, keeps buckets per day × model and day × agent, and loads totals saved without them', async () => {
    const storage = createStorage();
    await storage.setItem('stats:totals', { requests: 1, compressedRequests: 0, tokensBefore: 10, tokensAfter: 10, errors: 0,
      usage: { input: 5, output: 1, cacheRead: 0, cacheWrite: 0 }, since: 1, byModel: { old: { requests: 1, compressedRequests: 0, tokensBefore: 10,
        tokensAfter: 10, errors: 0, usage: { input: 5, output: 1, cacheRead: 0, cacheWrite: 0 } } }, byDay: {} });
    const ledger = createStatsLedger(storage, () => Date.UTC(2026, 0, 2));
    const rec = (over: Partial<RequestRecord>): RequestRecord => ({ id: 'r', time: Date.UTC(2026, 0, 2), provider: 'anthropic', path: '/v1/messages',
      stream: true, status: 200, tokensBefore: 1000, tokensAfter: 200, compressMs: 1, upstreamMs: 1, completed: true, bypass: false,
      blocks: [], ids: [], usage: { input: 100, output: 10, cacheRead: 50, cacheWrite: 20 }, ...over });
    await ledger.record(rec({ id: 'a', model: 'claude-sonnet-4-5', agent: 'claude-cli' }));
    await ledger.record(rec({ id: 'b', model: 'mystery-1', agent: 'claude-cli' }));
    const t = await ledger.totals();
    expect(t.requests).toBe(3);
    expect(t.byModel.old!.requests).toBe(1);
    expect(t.byAgent).toMatchObject({ 'claude-cli': { requests: 2, unpriced: 1 } });
    expect(t.byDayModel!['2026-01-02']!['claude-sonnet-4-5']!.requests).toBe(1);
    expect(t.cost!.savedByUs).toBeCloseTo((800 * 3) / 1e6);
    expect(t.unpriced).toBe(1);
    expect((await ledger.get('a'))!.cost!.output).toBeCloseTo((10 * 15) / 1e6);
  });
});

describe('headroom stats --since / --by / --csv', () => {
  let upstream: FakeUpstream;
  let proxy: Awaited<ReturnType<typeof serveNode>>;
  let base: string;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: upstream.url, openai: upstream.url } } });
    base = `http://127.0.0.1:${proxy.port}`;
    upstream.script({ kind: 'sse', events: anthropicStream('ok') });
    for (const ua of ['claude-cli/2.1.197 (external, cli)', 'claude-cli/2.1.197 (external, cli)', 'my-bot/1.0']) {
      await (await fetch(`${base}/v1/messages`, { method: 'POST', body: JSON.stringify(anthropicBody(serviceLog(2000, 1500))),
        headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'user-agent': ua } })).text();
    }
    for (;;) {
      const s = await (await fetch(`${base}/stats`)).json();
      if (s.totals.requests === 3) break;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  const run = (args: string[]): Promise<{ code: number; out: string; err: string }> => new Promise((resolve) => {
    execFile(process.execPath, ['bin/headroom.mjs', 'stats', '--url', base, ...args], { timeout: 20_000 }, (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }));
  });

  it('groups by agent over the last 7 days with the denominator stated, as JSON', async () => {
    const res = await run(['--since', '7d', '--by', 'agent', '--json']);
    expect(res.code).toBe(0);
    const j = JSON.parse(res.out);
    const { totals } = await (await fetch(`${base}/stats`)).json();
    expect(j.by).toBe('agent');
    expect(j.denominator).toMatch(/^input tokens that reached us/);
    expect(j.estimates).toMatch(/estimates/);
    expect(j.rows.map((r: { key: string }) => r.key)).toEqual(['claude-cli', 'my-bot']);
    const removed = totals.tokensBefore - totals.tokensAfter;
    expect(j.total).toMatchObject({ requests: 3, removedByUs: removed, cacheRead: 2400, cacheWrite: 300, output: 126,
      inputReachedUs: removed + 3 * (1200 + 800 + 100) });
    expect(j.total.usd.savedByUs).toBeCloseTo((removed * 3) / 1e6);
  });

  it('prints the headline with "% of input tokens that reached us" and estimates, and CSV by model', async () => {
    const text = await run(['--by', 'model']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/removed by our compression +[\d,]+ \(\d+% of input tokens that reached us\) +≈ \$[\d.]+ saved \(estimate\)/);
    expect(text.out).toMatch(/provider cache discount +2,400 cache reads \(\d+% of input tokens that reached us\) +≈ \$[\d.]+ off the bill \(estimate; the provider's discount, not ours\)/);
    const csv = await run(['--since', '2020-01-01', '--by', 'model', '--csv']);
    const [header, row] = csv.out.trim().split('\n');
    expect(header).toMatch(/^model,requests,errors,input_tokens_reached_us,removed_by_us,removed_pct,cache_read,/);
    expect(row).toMatch(/^claude-sonnet-4-5,3,0,\d+,\d+,[\d.]+,2400,/);
    const bad = await run(['--by', 'week']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('headroom: --by takes day, model or agent, got "week"\n');
  });
});
