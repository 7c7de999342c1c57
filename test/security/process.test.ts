/**
 * The real `headroom proxy` as a team gateway: it will not listen off loopback without keys, and neither its logs
 * nor its storage ever hold an API key or a request body unless --log-bodies asks for bodies in the logs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { failingGateway, startGateway } from './gateway-process.ts';

const KEY = 'hrk_PLANTED_gateway_key_0001';
const WRONG_KEY = 'hrk_PLANTED_wrong_key_000002';
const PROVIDER_KEY = 'sk-ant-PLANTED-provider-secret';
const SERVER_PROVIDER_KEY = 'sk-ant-PLANTED-server-side-secret';
const SERVER_KEY = 'hrk_PLANTED_server_key_00003';
const BODY_SECRET = 'PLANTED-BODY-SECRET-7f3a';
const SECRETS = [KEY, WRONG_KEY, PROVIDER_KEY, SERVER_PROVIDER_KEY, SERVER_KEY, BODY_SECRET];

const dir = mkdtempSync(join(tmpdir(), 'headroom-keys-'));
const keysFile = join(dir, 'keys');
writeFileSync(keysFile, `${KEY} team-a\n${SERVER_KEY} team-s anthropic=$SERVER_ANTHROPIC_KEY\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `root`, concatenated (what the gateway stored). */
function filesUnder(root: string): string {
  let all = '';
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    all += statSync(p).isDirectory() ? filesUnder(p) : readFileSync(p, 'utf8');
  }
  return all;
}

describe('starting a team gateway', () => {
  it('refuses to bind off loopback without keys, with a one-line message', async () => {
    const r = await failingGateway(['--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toMatch(/^headroom: refusing to listen on 0\.0\.0\.0 without gateway keys: pass --keys FILE or set HEADROOM_KEYS/);
  });

  it('names a bad keys file or store in one line', async () => {
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'hrk_short\n');
    const r = await failingGateway(['--keys', bad, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.out.trim()).toMatch(/^headroom: --keys .*bad: entry 1: a key must start with "hrk_" and be at least 20 characters$/);
    const s = await failingGateway(['--store', 'mysql://x', '--port', '0']);
    expect(s.out.trim()).toBe('headroom: --store must be fs, memory or redis://host:port/db, got "mysql://x"');
    const down = await failingGateway(['--store', 'redis://127.0.0.1:1/0', '--port', '0']);
    expect(down.code).toBe(1);
    expect(down.out.trim()).toMatch(/^headroom store: cannot reach redis:\/\/127\.0\.0\.1:1\/0/);
  }, 30_000);

  it('binds 0.0.0.0 with HEADROOM_KEYS and then requires a key (loopback without keys still needs none)', async () => {
    const gw = await startGateway(['--host', '0.0.0.0', '--store', 'memory'], { HEADROOM_KEYS: `${KEY} team-a` });
    try {
      const port = new URL(gw.base).port;
      const res = await fetch(`http://127.0.0.1:${port}/stats`);
      expect(res.status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/stats`, { headers: { 'x-headroom-key': KEY } })).status).toBe(200);
      expect(gw.output()).not.toContain(KEY);
    } finally {
      await gw.stop();
    }
    const open = await startGateway(['--store', 'memory']);
    try {
      expect((await fetch(`${open.base}/stats`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  }, 30_000);
});

describe('no keys or bodies in logs or storage', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    upstream.script({
      kind: 'json',
      body: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: 10, output_tokens: 2 } },
    });
  });
  afterAll(() => upstream?.close());

  async function traffic(base: string) {
    const body = anthropicBody(serviceLog(3000, 1717));
    (body.messages[0]!.content as { type: string; text: string }[])[1]!.text = `Why did it fail? ${BODY_SECRET}`;
    const send = (headers: Record<string, string>) => fetch(`${base}/v1/messages`, {
      method: 'POST', body: JSON.stringify({ ...body, stream: false }),
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect((await send({ 'x-headroom-key': KEY, 'x-api-key': PROVIDER_KEY })).status).toBe(200);
    expect((await send({ 'x-api-key': SERVER_KEY })).status).toBe(200);
    expect((await send({ 'x-headroom-key': WRONG_KEY, 'x-api-key': PROVIDER_KEY })).status).toBe(401);
    expect((await send({ authorization: `Bearer ${KEY}` })).status).toBe(401);
    // Let the stats records land.
    for (;;) {
      const s = (await (await fetch(`${base}/stats`, { headers: { 'x-headroom-key': KEY } })).json()) as { totals: { requests: number } };
      if (s.totals.requests >= 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('by default: logs carry ids, paths and sizes only; storage holds no key and no request text but tool originals', async () => {
    const gw = await startGateway(['--keys', keysFile, '--log-level', 'debug', '--anthropic-upstream', upstream.url], { SERVER_ANTHROPIC_KEY: SERVER_PROVIDER_KEY });
    try {
      await traffic(gw.base);
      const logs = gw.output();
      expect(logs).toMatch(/"msg":"request".*"path":"\/v1\/messages"/);
      expect(logs).toMatch(/"msg":"gateway key rejected"/);
      for (const secret of SECRETS) expect(logs, `logs contain ${secret}`).not.toContain(secret);
      const stored = filesUnder(join(gw.dir, 'data'));
      expect(stored.length).toBeGreaterThan(0);
      for (const secret of SECRETS) expect(stored, `storage contains ${secret}`).not.toContain(secret);
      // Upstream saw the provider keys (the client's, then the gateway-side one) and never a gateway key.
      expect(upstream.requests.map((r) => r.headers['x-api-key'])).toEqual([PROVIDER_KEY, SERVER_PROVIDER_KEY]);
      expect(JSON.stringify(upstream.requests.map((r) => r.headers))).not.toContain('hrk_');
    } finally {
      await gw.stop();
    }
  }, 30_000);

  it('--log-bodies is the explicit opt-in for bodies in the logs (keys still never logged)', async () => {
    const gw = await startGateway(['--keys', keysFile, '--log-bodies', '--anthropic-upstream', upstream.url], { SERVER_ANTHROPIC_KEY: SERVER_PROVIDER_KEY });
    try {
      await traffic(gw.base);
      const logs = gw.output();
      expect(logs).toContain(BODY_SECRET);
      for (const secret of SECRETS.filter((s) => s !== BODY_SECRET)) expect(logs).not.toContain(secret);
    } finally {
      await gw.stop();
    }
  }, 30_000);
});
