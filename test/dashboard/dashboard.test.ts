/**
 * The dashboard in real headless Chromium (Debian `chromium` + playwright-core): traffic through the proxy and a
 * scripted upstream, then the page's numbers are checked against /stats, a request's diff is opened, and a
 * screenshot is saved to .ci-out/ as a test artifact (and to docs/dashboard.png for the README with
 * HEADROOM_UPDATE_SCREENSHOT=1).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { anthropicBody, openaiChatBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream, startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync'];
const fmt = (v: number) => new Intl.NumberFormat('en-US').format(v);

let upstream: FakeUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let base: string;
let browser: BrowserContext | undefined;
let profile: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: upstream.url, openai: upstream.url } } });
  base = `http://127.0.0.1:${proxy.port}`;
  profile = mkdtempSync(join(tmpdir(), 'headroom-chromium-'));
});
afterAll(async () => {
  await browser?.close();
  await proxy.close();
  await upstream.close();
  rmSync(profile, { recursive: true, force: true });
});

async function recorded(count: number): Promise<{ totals: Record<string, any>; recent: Array<Record<string, any>> }> {
  for (;;) {
    const stats = await (await fetch(`${base}/stats`)).json();
    if (stats.recent.length >= count) return stats;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function drive(): Promise<void> {
  const post = (path: string, body: unknown, ua: string) => fetch(`${base}${path}`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'user-agent': ua },
  }).then((r) => r.text());
  upstream.script({ kind: 'sse', events: anthropicStream('The charge timed out.') });
  await post('/v1/messages', anthropicBody(serviceLog(3000, 1999)), 'claude-cli/2.1.197 (external, cli)');
  await post('/v1/messages', anthropicBody(serviceLog(1200, 700)), 'claude-cli/2.1.197 (external, cli)');
  upstream.script({ kind: 'json', body: { id: 'c1', object: 'chat.completion', model: 'gpt-4.1', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 900, completion_tokens: 12, total_tokens: 912, prompt_tokens_details: { cached_tokens: 300 } } } });
  await post('/v1/chat/completions', openaiChatBody(serviceLog(2000, 1500)), 'OpenAI/JS 6.49.0');
  await recorded(3);
}

describe('GET /dashboard in headless Chromium', () => {
  it('shows the numbers of /stats, opens a request diff, and renders offline', async () => {
    // In CI a missing browser is a failure (.ci/run installs it); elsewhere say so and skip.
    if (!existsSync(CHROMIUM) && process.env.CI !== 'true') {
      console.warn(`dashboard test skipped: ${CHROMIUM} not installed (apt-get install chromium)`);
      return;
    }
    await drive();
    // A fresh profile dir per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, viewport: { width: 1280, height: 1000 } });
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(base)) external.push(r.url()); });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    const res = await page.goto(`${base}/dashboard`);
    expect(res?.status()).toBe(200);
    const { totals } = await recorded(3);

    const value = async (id: string) => page.locator(`[data-testid="${id}"] .value`).textContent();
    const removed = totals.tokensBefore - totals.tokensAfter;
    const reached = totals.usage.input + totals.usage.cacheRead + totals.usage.cacheWrite + removed;
    expect(await value('requests')).toBe(fmt(totals.requests));
    expect(await value('removed')).toBe(fmt(removed));
    expect(await value('reached')).toBe(fmt(reached));
    expect(await value('cache-read')).toBe(fmt(totals.usage.cacheRead));
    expect(await value('cache-write')).toBe(fmt(totals.usage.cacheWrite));
    expect(await value('output')).toBe(fmt(totals.usage.output));
    expect(await page.locator('[data-testid="removed"] .share').textContent()).toBe(`${Math.round((removed / reached) * 100)}% of input tokens that reached us`);
    await expect(page.locator('[data-testid="removed"] .money').textContent()).resolves.toMatch(/^≈ \$[\d.]+ saved \(estimate\)$/);
    expect(await page.locator('[data-testid="by-model"] tbody tr').count()).toBe(Object.keys(totals.byModel).length);
    expect(await page.locator('[data-testid="by-agent"] tbody tr td:first-child').allTextContents()).toEqual(['claude-cli', 'OpenAI']);
    expect(await page.locator('svg.chart rect.removed').count()).toBe(3);

    // Live: a new request shows up without a reload.
    upstream.script({ kind: 'sse', events: anthropicStream('again') });
    await fetch(`${base}/v1/messages`, { method: 'POST', body: JSON.stringify(anthropicBody(serviceLog(800, 400))), headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'user-agent': 'claude-cli/2.1.197' } }).then((r) => r.text());
    await recorded(4);
    await page.locator('[data-testid="requests"] .value', { hasText: '4' }).waitFor({ timeout: 10_000 });
    const stats = await recorded(4);
    expect(await value('removed')).toBe(fmt(stats.totals.tokensBefore - stats.totals.tokensAfter));

    // Open the diff of the first Anthropic request (the 3,000-line log).
    const first = stats.recent.at(-1)!;
    await page.locator(`a.diff-link[data-id="${first.id}"]`).click();
    const diff = page.locator(`[data-testid="diff"][data-request="${first.id}"]`);
    await diff.waitFor();
    expect(await diff.locator('[data-testid="diff-block"]').count()).toBe(first.blocks.length);
    expect(await diff.textContent()).toContain('applied');
    expect(await diff.locator('pre.diff .del').count()).toBeGreaterThan(0);
    expect(await diff.textContent()).toContain('ERROR payments-7f9c charge failed');
    for (const id of first.ids) expect(await diff.textContent()).toContain(id);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    mkdirSync('.ci-out', { recursive: true });
    await page.screenshot({ path: '.ci-out/dashboard.png', fullPage: true });
    // The README's screenshot is refreshed only on request, so test runs never dirty the working tree.
    if (process.env.HEADROOM_UPDATE_SCREENSHOT) await page.screenshot({ path: 'docs/dashboard.png', fullPage: true });
  }, 60_000);
});
