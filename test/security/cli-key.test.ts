/**
 * The real `headroom stats` / `headroom diff` bins against a keyed gateway: the key goes in x-headroom-key from
 * --key or HEADROOM_KEY, and a missing or wrong key is one clear line (exit 1), never a stack or a JSON dump.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { parseKeyTable } from '../../src/auth/keys.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream, startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { tempHome } from './gateway-process.ts';

const KEY = 'hrk_cli_tenant_key_0000000001';
const OTHER = 'hrk_cli_other_tenant_00000002';

let upstream: FakeUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let base: string;
let requestId: string;
const home = tempHome();

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const keys = await parseKeyTable(`${KEY} team-a name=a1\n${OTHER} team-b name=b1`);
  proxy = await serveNode({
    port: 0, store: 'memory', logLevel: 'silent', gateway: { keys },
    config: { upstreams: { anthropic: upstream.url, openai: upstream.url } },
  });
  base = `http://127.0.0.1:${proxy.port}`;
  upstream.script({ kind: 'sse', events: anthropicStream('timed out') });
  await (await fetch(`${base}/v1/messages`, {
    method: 'POST', body: JSON.stringify(anthropicBody(serviceLog(3000, 1999))),
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client', 'x-headroom-key': KEY },
  })).text();
  for (;;) {
    const stats = (await (await fetch(`${base}/stats`, { headers: { 'x-headroom-key': KEY } })).json()) as { recent: { id: string }[] };
    if (stats.recent.length > 0) {
      requestId = stats.recent[0]!.id;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  rmSync(home.dir, { recursive: true, force: true });
});

/** Async on purpose: the gateway runs in this process, so a blocking spawn would starve it. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/headroom.mjs', ...args], { timeout: 20_000, env: { ...process.env, ...home.env, HEADROOM_KEY: '', ...env } }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

describe('headroom stats / diff against a keyed gateway', () => {
  it('without a key: one line naming --key and HEADROOM_KEY, exit 1', async () => {
    for (const args of [['stats'], ['diff', requestId]]) {
      const r = await run([...args, '--url', base]);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toBe(`headroom: ${base} is a team gateway and needs a key (401): pass --key hrk_… or set HEADROOM_KEY\n`);
    }
  }, 30_000);

  it('a wrong key: one line, and the key itself is not printed', async () => {
    const r = await run(['stats', '--url', base, '--key', 'hrk_not_a_key_of_this_gateway']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`headroom: ${base} refused the gateway key (401); check --key or HEADROOM_KEY\n`);
  });

  it('--key and HEADROOM_KEY both send the key: the tenant\'s own stats and diffs', async () => {
    const flag = await run(['stats', '--url', base, '--key', KEY, '--json']);
    expect(flag.err).toBe('');
    expect(flag.code).toBe(0);
    const body = JSON.parse(flag.out) as { totals: { requests: number }; recent: { id: string }[]; key: { id: string } };
    expect(body.totals.requests).toBe(1);
    expect(body.key.id).toBe('a1');
    expect(body.recent[0]!.id).toBe(requestId);

    const env = await run(['stats', '--url', base], { HEADROOM_KEY: KEY });
    expect(env.code).toBe(0);
    expect(env.out).toContain(requestId);

    const diff = await run(['diff', requestId, '--url', base], { HEADROOM_KEY: KEY });
    expect(diff.err).toBe('');
    expect(diff.code).toBe(0);
    expect(diff.out).toMatch(new RegExp(`^request ${requestId}: anthropic `));

    // --key wins over HEADROOM_KEY; another tenant does not see this request.
    const other = await run(['stats', '--url', base, '--key', OTHER, '--json'], { HEADROOM_KEY: KEY });
    expect(JSON.parse(other.out).totals.requests).toBe(0);
    const otherDiff = await run(['diff', requestId, '--url', base, '--key', OTHER]);
    expect(otherDiff.code).toBe(1);
    expect(otherDiff.err.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
