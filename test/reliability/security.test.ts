/**
 * Security checks that are not about gateway keys (those live in test/security/): no client header, path or
 * request-target can point the proxy at another host (no SSRF), and the proxy's logs at debug level carry neither
 * request bodies nor API keys (planted secrets, grepped in the captured stderr/stdout of a real process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { eventually } from './fault-upstream.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('no upstream override (SSRF)', () => {
  let real: FakeUpstream;
  let evil: FakeUpstream;
  let proxy: Awaited<ReturnType<typeof serveNode>>;
  let base: string;
  beforeAll(async () => {
    real = await startFakeUpstream();
    evil = await startFakeUpstream();
    proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: real.url, openai: real.url } } });
    base = `http://127.0.0.1:${proxy.port}`;
  });
  afterAll(async () => {
    await proxy.close();
    await real.close();
    await evil.close();
  });

  const evilHost = () => new URL(evil.url).host;
  const overrideHeaders = () => ({
    host: evilHost(), 'x-forwarded-host': evilHost(), 'x-forwarded-proto': 'http', forwarded: `host=${evilHost()};proto=http`,
    'x-headroom-upstream': evil.url, 'x-headroom-base-url': evil.url, 'x-upstream-url': evil.url, 'x-target-url': evil.url,
    'x-api-base': evil.url, 'anthropic-base-url': evil.url, 'openai-base-url': evil.url, 'x-original-url': `${evil.url}/v1/messages`,
    'x-rewrite-url': `${evil.url}/v1/messages`, destination: evil.url,
  });

  it('ignores every header that could name another upstream, on LLM routes and passthrough paths', async () => {
    const body = JSON.stringify({ model: 'claude-x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    for (const path of ['/v1/messages', '/v1/chat/completions', '/v1/responses', '/v1/models', '/v1/files?x=1']) {
      const method = path.startsWith('/v1/models') || path.startsWith('/v1/files') ? 'GET' : 'POST';
      const res = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...overrideHeaders() } }, (r) => { r.resume(); r.on('end', () => resolve(r.statusCode!)); });
        req.on('error', reject);
        req.end(method === 'POST' ? body : undefined);
      });
      expect(res).toBe(200);
    }
    expect(real.requests.length).toBe(5);
    expect(evil.requests.length).toBe(0);
  });

  it('ignores an absolute-form request-target and path tricks: only the configured upstream is ever contacted', async () => {
    const before = real.requests.length;
    const targets = [
      `${evil.url}/v1/messages`, // absolute-form (RFC 9112 §3.2.2): the authority must not be used as the upstream
      `//${evilHost()}/v1/messages`, `/@${evilHost()}/v1/messages`, `/v1/../${evilHost()}/x`, `/%2F%2F${evilHost()}/x`, `/\\\\${evilHost()}/x`,
    ];
    for (const path of targets) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: proxy.port, method: 'GET', path, headers: { host: evilHost() } }, (r) => { r.resume(); r.on('end', () => resolve()); });
        req.on('error', reject);
        req.end();
      });
    }
    expect(evil.requests.length).toBe(0);
    // Some of these are refused outright (malformed targets); the rest reach the configured upstream only.
    expect(real.requests.length).toBeGreaterThan(before);
    for (const r of real.requests.slice(before)) expect(r.headers.host).toBe(new URL(real.url).host);
  });
});

describe('no bodies or keys in logs', () => {
  it('a debug-level proxy logs neither planted body secrets nor API keys, across success and error paths', async () => {
    const upstream = await startFakeUpstream();
    const home = mkdtempSync(join(tmpdir(), 'headroom-logs-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin/headroom.mjs'), 'proxy', '--port', '0', '--store', 'memory', '--log-level', 'debug',
      '--anthropic-upstream', upstream.url, '--openai-upstream', upstream.url], {
      cwd: ROOT, env: { ...process.env, HOME: home, HEADROOM_HOME: join(home, 'data'), HEADROOM_KEYS: '', HEADROOM_STORE: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => { const m = /listening on (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]!); });
        child.once('exit', (code) => reject(new Error(`proxy exited (${code}): ${out}`)));
      });
      const SECRETS = {
        body: 'PLANTED-BODY-SECRET-7f3a9c', system: 'PLANTED-SYSTEM-SECRET-51be', user: 'PLANTED-USER-TEXT-0c4d',
        apiKey: 'sk-ant-api03-PLANTEDKEY9x8y7z', bearer: 'sk-proj-PLANTEDBEARER1a2b3c', cookie: 'PLANTED-COOKIE-e5f6',
      };
      const headers = {
        'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': SECRETS.apiKey,
        authorization: `Bearer ${SECRETS.bearer}`, cookie: `session=${SECRETS.cookie}`,
      };
      const log = serviceLog(800, 400).replace('order=ord_8812', `order=${SECRETS.body}`);
      const anthropic = JSON.stringify({
        model: 'claude-x', max_tokens: 5, system: `You are a bot. ${SECRETS.system}`, stream: true, messages: [
          { role: 'user', content: `why? ${SECRETS.user}` },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: `cat ${SECRETS.body}.log` } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: log }] },
        ],
      });
      const post = (path: string, body: string) => fetch(base + path, { method: 'POST', headers, body }).then((r) => r.text());
      // Success (streamed, compressed), upstream errors, malformed JSON, a cut stream, an unreachable path, retrieval.
      upstream.script(
        { kind: 'sse', events: ['event: message_stop\ndata: {"type":"message_stop"}\n\n'] },
        { kind: 'raw', status: 500, body: `{"error":{"message":"echo ${SECRETS.body}"}}`, headers: { 'content-type': 'application/json' } },
        { kind: 'raw', status: 400, body: '{"error":{"message":"bad"}}', headers: { 'content-type': 'application/json' } },
        { kind: 'sse', events: ['event: ping\ndata: {}\n\n', 'never sent'], cutAfter: 1 },
        { kind: 'json', body: { ok: true } },
      );
      await post('/v1/messages', anthropic);
      await post('/v1/messages', anthropic);
      await post('/v1/chat/completions', `{"model": "gpt", "messages": [${JSON.stringify(SECRETS.body)}`);
      await post('/v1/messages', anthropic.replace('"stream":true', '"stream":true ')).catch(() => undefined);
      await post('/v1/responses', JSON.stringify({ model: 'gpt-5', input: [{ type: 'function_call_output', call_id: 'c', output: log }] }));
      await fetch(`${base}/v1/retrieve/${'0'.repeat(32)}`, { headers });
      await fetch(`${base}/v1/models`, { headers });
      await eventually(() => false, 500);
      expect(upstream.requests.length).toBeGreaterThanOrEqual(5);
      if (process.env.HEADROOM_SHOW_LOGS) console.log(out);
      for (const [what, secret] of Object.entries(SECRETS)) expect(out.includes(secret), `${what} secret in the logs:\n${out}`).toBe(false);
      // The key prefix alone must not appear either (a partially masked key still identifies it).
      expect(out).not.toMatch(/sk-ant-api03|sk-proj-/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await upstream.close();
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
