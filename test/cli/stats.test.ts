/** The real `headroom stats` / `headroom diff` bins against a running proxy (built by `npm test` before this runs). */
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream } from '../proxy/fake-upstream.ts';
import { useProxyStack } from '../proxy/stack.ts';

const stack = useProxyStack();

/** Async on purpose: the proxy runs in this process, so a blocking spawn would starve it. */
function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/headroom.mjs', ...args], { timeout: 20_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

const log = serviceLog(3000, 1999);
const fmt = (v: number) => new Intl.NumberFormat('en-US').format(v);

async function drive(): Promise<{ id: string; tokensBefore: number; tokensAfter: number }> {
  stack.upstream.script({ kind: 'sse', events: anthropicStream('timed out') });
  await (await fetch(`${stack.base}/v1/messages`, { method: 'POST', body: JSON.stringify(anthropicBody(log)), headers: { 'content-type': 'application/json', 'x-api-key': 'k' } })).text();
  for (;;) {
    const stats = await (await fetch(`${stack.base}/stats`)).json();
    if (stats.recent.length > 0) return stats.recent[0];
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('headroom stats / diff', () => {
  it('prints totals, by model and by day, with our savings and the provider cache as separate columns', async () => {
    const r = await drive();
    const res = await run(['stats', '--url', stack.base]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const saved = r.tokensBefore - r.tokensAfter;
    expect(res.out).toContain(`tokens saved: ${fmt(saved)} of ${fmt(r.tokensBefore)} tool-output tokens (${Math.round((saved / r.tokensBefore) * 100)}%), in 1 of 1 requests`);
    // Provider usage of anthropicStream(): 1200 uncached + 800 cache read + 100 cache write = 2100 prompt tokens.
    expect(res.out).toContain('cache reads: 800 of 2,100 prompt tokens (38%); cache writes: 100 (5%); output tokens: 42');
    expect(res.out).toMatch(/By model\nmodel +requests +errors +tool tokens +after +saved +prompt tokens +cache read +cache write +output\nclaude-sonnet-4-5 +1 +0 /);
    const day = new Date().toISOString().slice(0, 10);
    expect(res.out).toContain('By day (UTC)');
    expect(res.out).toMatch(new RegExp(`\\n${day} +1 +0 +${fmt(r.tokensBefore)} +${fmt(r.tokensAfter)} +${fmt(saved)} \\(\\d+%\\) +2,100 +800 \\(38%\\) +100 \\(5%\\) +42\\n`));
    expect(res.out).toContain(r.id);
  });

  it('prints the /stats JSON with --json', async () => {
    const res = await run(['stats', '--url', stack.base, '--json']);
    expect(res.code).toBe(0);
    const j = JSON.parse(res.out);
    expect(j.totals.requests).toBe(1);
    expect(Object.keys(j.totals.byModel)).toEqual(['claude-sonnet-4-5']);
  });

  it('shows a request block by block with `headroom diff`', async () => {
    const stats = await (await fetch(`${stack.base}/stats`)).json();
    const id: string = stats.recent[0].id;
    const res = await run(['diff', id, '--url', stack.base]);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`request ${id}: anthropic claude-sonnet-4-5 POST /v1/messages → 200`);
    expect(res.out).toContain('block messages[2].content[0].content (Bash):');
    expect(res.out).toMatch(/decision: log\S* applied/);
    expect(res.out).toMatch(/original retrievable: headroom retrieve [0-9a-f]{32}/);
    expect(res.out).toContain('--- original (as the client sent it)');
    expect(res.out).toContain('+++ sent (as forwarded upstream)');
    expect(res.out).toMatch(/\n {2}-… \d+ more removed lines …\n/); // long runs of elided lines are shortened
    expect(res.out).toMatch(/\n {2}-2026-11-25T\S+ INFO payments-7f9c GET \/api\/v1\/orders\/\d+ 200 \d+ms\n/); // removed lines
    expect(res.out).toMatch(/\n {2}\+\[headroom: /); // our marker, added
    const json = JSON.parse((await run(['diff', id, '--url', stack.base, '--json'])).out);
    expect(json.blocks[0].original).toBe(log);
  });

  it('says so in one line when the request is unknown or no proxy is listening', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const unknown = await run(['diff', 'nope', '--url', stack.base]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('headroom: no request nope in the ledger (unknown, expired, or still streaming)\n');
    for (const args of [['stats'], ['diff', 'x']]) {
      const res = await run([...args, '--url', `http://127.0.0.1:${closed}`]);
      expect(res.code).toBe(1);
      expect(res.out).toBe('');
      expect(res.err).toBe(`headroom: no headroom proxy at http://127.0.0.1:${closed} (nothing is listening there); start one with \`headroom proxy\` or pass --url\n`);
    }
  });
});
