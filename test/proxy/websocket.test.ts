/** Responses over WebSocket through the gateway on a real port, in front of a scripted WebSocket upstream. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveNode } from '../../runtimes/node.ts';
import { findAgent, IN_CI, run, tempDir } from '../e2e/agents.ts';
import { parseResponseCreate, responseEnd } from '../../src/proxy/websocket/events.ts';
import { upstreamSocketHeaders, upstreamSocketUrl } from '../../src/proxy/websocket/upstream.ts';
import { responsesBody, serviceLog } from '../fixtures/bodies.ts';
import { completedEvents, Inbox, startFakeSocketUpstream, type FakeSocketUpstream, type Frame } from './fake-socket-upstream.ts';

let upstream: FakeSocketUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let base: string;

beforeAll(async () => {
  upstream = await startFakeSocketUpstream();
  proxy = await serveNode({
    port: 0, store: 'memory', logLevel: 'silent',
    config: { upstreams: { anthropic: upstream.url, openai: upstream.url }, maxBodyBytes: 8 * 1024 * 1024 },
  });
  base = `ws://127.0.0.1:${proxy.port}`;
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});
beforeEach(() => {
  upstream.frames = new Inbox();
  upstream.events = completedEvents();
  upstream.upgradeHeaders = {};
  upstream.refuse = undefined;
});

const log = serviceLog(3000, 1999);
const scripted = () => upstream.events as string[];

interface Client {
  ws: WebSocket;
  messages: Inbox<Frame>;
  closed: Promise<{ code: number; reason: string }>;
  upgradeHeaders: Record<string, string | string[] | undefined>;
}

async function connect(path = '/v1/responses', headers: Record<string, string> = {}, protocols: string[] = []): Promise<Client> {
  const ws = new WebSocket(base + path, protocols, { headers: { authorization: 'Bearer sk-test', 'openai-beta': 'responses_websockets=2026-02-06', ...headers } });
  const messages = new Inbox<Frame>();
  ws.on('message', (data, binary) => messages.push({ data: data as Buffer, binary }));
  const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
  let upgradeHeaders: Client['upgradeHeaders'] = {};
  ws.on('upgrade', (res) => { upgradeHeaders = res.headers; });
  await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
  return { ws, messages, closed, upgradeHeaders };
}

/** A Codex-shaped `response.create`: the Responses request fields at the top level beside `type`. */
function createEvent(body: Record<string, unknown>): string {
  return JSON.stringify({ type: 'response.create', ...body });
}

/** The upstream end of the newest connection, and how it closed. */
function serverSide(): { ws: WebSocket; closed: Promise<{ code: number; reason: string }> } {
  const ws = upstream.sockets.all.at(-1)!;
  return { ws, closed: new Promise((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() }))) };
}

async function receiveAll(c: Client, n: number): Promise<Frame[]> {
  const out: Frame[] = [];
  for (let i = 0; i < n; i++) out.push(await c.messages.next());
  return out;
}

/** Refused upgrades: the status, headers and body the client gets instead of a 101. */
function refusal(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base + path, { headers: { authorization: 'Bearer sk-test' } });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.on('open', () => reject(new Error('upgrade unexpectedly accepted')));
    ws.on('error', () => undefined);
  });
}

describe('response.create over WebSocket', () => {
  it('compresses the live tool output of a Codex response.create and relays the server events unchanged', async () => {
    const c = await connect('/v1/responses?trace=1', { 'x-headroom-session': 'ws-s1' });
    const sent = createEvent(responsesBody(log));
    c.ws.send(sent);
    const got = await upstream.frames.next();
    expect(got.binary).toBe(false);
    const text = got.data.toString('utf8');
    const event = JSON.parse(text);
    const original = JSON.parse(sent);
    expect(Object.keys(event)).toEqual(Object.keys(original));
    expect(event.type).toBe('response.create');
    expect(event.instructions).toBe(original.instructions);
    // Outside the live zone (before the model's last call): untouched. The live output: compressed.
    expect(event.input.slice(0, 6)).toEqual(original.input.slice(0, 6));
    expect(event.input[6].output).toContain('[headroom:');
    expect(event.input[6].output.length).toBeLessThan(log.length / 5);
    expect(text.length).toBeLessThan(sent.length - log.length * 0.8);

    const hs = upstream.handshakes.at(-1)!;
    expect(hs.path).toBe('/v1/responses?trace=1');
    expect(hs.headers.authorization).toBe('Bearer sk-test');
    expect(hs.headers['openai-beta']).toBe('responses_websockets=2026-02-06');
    expect(hs.headers['x-headroom-session']).toBeUndefined();

    const events = await receiveAll(c, scripted().length);
    expect(events.map((e) => e.data.toString('utf8'))).toEqual(scripted());
    expect(events.every((e) => !e.binary)).toBe(true);
    c.ws.close(1000);
    await c.closed;
  });

  it('compresses the nested shape {type, response: {...}} too', async () => {
    const c = await connect();
    c.ws.send(JSON.stringify({ type: 'response.create', response: responsesBody(log) }));
    const event = JSON.parse((await upstream.frames.next()).data.toString('utf8'));
    expect(event.response.input[6].output).toContain('[headroom:');
    await receiveAll(c, scripted().length);
    c.ws.close();
    await c.closed;
  });

  it('forwards a response.create with nothing to compress byte-for-byte, and any event when bypassed', async () => {
    const c = await connect();
    const raw = '{ "type" : "response.create", "model":"gpt-5-codex", "input":[{"type":"message","role":"user","content":"caf\\u00e9"}], "n": 1.0e0 }';
    c.ws.send(raw);
    expect((await upstream.frames.next()).data.toString('utf8')).toBe(raw);
    await receiveAll(c, scripted().length);
    c.ws.close();
    await c.closed;

    const b = await connect('/v1/responses', { 'x-headroom-bypass': '1' });
    const big = createEvent(responsesBody(log));
    b.ws.send(big);
    expect((await upstream.frames.next()).data.toString('utf8')).toBe(big);
    await receiveAll(b, scripted().length);
    b.ws.close();
    await b.closed;
  });

  it('sends an earlier tool output with the same bytes on the next turn (cache-safe)', async () => {
    const turn1 = responsesBody(log);
    turn1.prompt_cache_key = 'pck-cache-ws';
    const c = await connect();
    c.ws.send(createEvent(turn1));
    const first = JSON.parse((await upstream.frames.next()).data.toString('utf8'));
    await receiveAll(c, scripted().length);
    const turn2 = responsesBody(log) as { input: unknown[]; prompt_cache_key: string };
    turn2.prompt_cache_key = 'pck-cache-ws';
    turn2.input.push(
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking further.' }] },
      { type: 'function_call', call_id: 'call_11', name: 'shell', arguments: '{"cmd":"cat other.log"}' },
      { type: 'function_call_output', call_id: 'call_11', output: serviceLog(2500, 777) },
    );
    c.ws.send(createEvent(turn2));
    const second = JSON.parse((await upstream.frames.next()).data.toString('utf8'));
    expect(JSON.stringify(second.input.slice(0, 7))).toBe(JSON.stringify(first.input));
    expect(second.input[9].output).toContain('[headroom:');
    await receiveAll(c, scripted().length);
    c.ws.close();
    await c.closed;
  });
});

describe('relaying', () => {
  it('relays every other frame byte-identical, both ways, in order', async () => {
    const binUp = Buffer.from([0, 1, 2, 250, 255, 0x7b]);
    const binDown = Buffer.from([9, 8, 7, 0, 0xff]);
    upstream.events = [...completedEvents(), '{ "type":"custom.event",  "x": [1,2] }'];
    const c = await connect();
    const processed = '{"type":"response.processed",  "response_id":"resp_1"}';
    // A compressed event followed at once by frames that need no work: they must not overtake it.
    c.ws.send(createEvent(responsesBody(log)));
    c.ws.send(processed);
    c.ws.send(binUp);
    c.ws.send('not json at all');
    const frames = [await upstream.frames.next(), await upstream.frames.next(), await upstream.frames.next(), await upstream.frames.next()];
    expect(frames[0]!.data.toString('utf8')).toContain('[headroom:');
    expect(frames[1]).toEqual({ data: Buffer.from(processed), binary: false });
    expect(frames[2]).toEqual({ data: binUp, binary: true });
    expect(frames[3]).toEqual({ data: Buffer.from('not json at all'), binary: false });

    const events = await receiveAll(c, scripted().length);
    expect(events.at(-1)!.data.toString('utf8')).toBe('{ "type":"custom.event",  "x": [1,2] }');
    serverSide().ws.send(binDown);
    expect(await c.messages.next()).toEqual({ data: binDown, binary: true });
    c.ws.close();
    await c.closed;
  });

  it('returns the upstream handshake headers and chosen subprotocol to the client', async () => {
    upstream.upgradeHeaders = { 'x-codex-turn-state': 'ts-42', 'x-request-id': 'req_ws_1' };
    const c = await connect('/v1/responses', {}, ['responses-v1', 'other']);
    expect(upstream.handshakes.at(-1)!.protocols).toEqual(['responses-v1', 'other']);
    expect(c.ws.protocol).toBe('responses-v1');
    expect(c.upgradeHeaders['x-codex-turn-state']).toBe('ts-42');
    expect(c.upgradeHeaders['x-request-id']).toBe('req_ws_1');
    c.ws.close();
    await c.closed;
  });

  it('propagates close codes and reasons both ways', async () => {
    const c = await connect();
    const s1 = serverSide();
    c.ws.close(4001, 'client done');
    expect(await s1.closed).toEqual({ code: 4001, reason: 'client done' });
    expect((await c.closed).code).toBe(4001);

    const d = await connect();
    const s2 = serverSide();
    s2.ws.close(4002, 'server done');
    expect(await d.closed).toEqual({ code: 4002, reason: 'server done' });
    expect((await s2.closed).code).toBe(4002);
  });

  it('closes the client with 1011 and a reason when the upstream connection breaks', async () => {
    const c = await connect();
    serverSide().ws.terminate();
    const closed = await c.closed;
    expect(closed.code).toBe(1011);
    expect(closed.reason).toMatch(/^headroom: upstream/);
  });

  it('relays other upgrade paths untouched (no compression)', async () => {
    const c = await connect('/v1/realtime?model=x');
    const big = createEvent(responsesBody(log));
    c.ws.send(big);
    expect((await upstream.frames.next()).data.toString('utf8')).toBe(big);
    expect(upstream.handshakes.at(-1)!.path).toBe('/v1/realtime?model=x');
    await receiveAll(c, scripted().length);
    c.ws.close();
    await c.closed;
  });
});

describe('refused upgrades', () => {
  it('answers 502 with a JSON error when the upstream is down', async () => {
    const lonely = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: 'http://127.0.0.1:9', openai: 'http://127.0.0.1:9' } } });
    try {
      const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${lonely.port}/v1/responses`);
        ws.on('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (ch: Buffer) => { body += ch.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.on('open', () => reject(new Error('upgrade unexpectedly accepted')));
        ws.on('error', () => undefined);
      });
      expect(r.status).toBe(502);
      expect(JSON.parse(r.body).error.type).toBe('upstream_error');
    } finally {
      await lonely.close();
    }
  });

  it('passes an upstream refusal through with its status, headers and body', async () => {
    upstream.refuse = { status: 401, body: '{"error":{"message":"bad key","code":"invalid_api_key"}}' };
    const r = await refusal('/v1/responses');
    expect(r.status).toBe(401);
    expect(r.headers['x-request-id']).toBe('req_refused');
    expect(JSON.parse(r.body).error.code).toBe('invalid_api_key');
  });
});

describe('stats', () => {
  /** Records are written once exact counts are taken after the response: poll for the model's record. */
  async function recordOf(model: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const stats = await (await fetch(`http://127.0.0.1:${proxy.port}/stats`)).json() as { recent: Record<string, unknown>[] };
      const rec = stats.recent.find((r) => r.model === model);
      if (rec) return rec;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no record for ${model}`);
  }

  it('records one request per response.create with usage from response.completed', async () => {
    const c = await connect('/v1/responses', { 'x-headroom-session': 'ws-stats' });
    c.ws.send(createEvent({ ...responsesBody(serviceLog(2000, 1500)), model: 'gpt-ws-stats' }));
    await upstream.frames.next();
    await receiveAll(c, scripted().length);
    c.ws.close();
    await c.closed;
    const rec = await recordOf('gpt-ws-stats');
    expect(rec).toMatchObject({ provider: 'openai-responses', path: '/v1/responses', status: 200, completed: true, stream: true });
    expect(rec.usage).toEqual({ input: 300, output: 42, cacheRead: 600, cacheWrite: 0 });
    expect(rec.tokensAfter as number).toBeLessThan(rec.tokensBefore as number);
  });

  it('records an upstream error event with its status and message', async () => {
    upstream.events = [JSON.stringify({ type: 'error', status: 429, error: { type: 'rate_limit_error', message: 'slow down' } })];
    const c = await connect();
    c.ws.send(createEvent({ model: 'gpt-ws-429', input: [{ type: 'message', role: 'user', content: 'hi' }] }));
    await upstream.frames.next();
    await receiveAll(c, 1);
    c.ws.close();
    await c.closed;
    expect(await recordOf('gpt-ws-429')).toMatchObject({ status: 429, completed: true, error: 'upstream error: slow down' });
  });
});

describe('protocol pieces', () => {
  it('finds response.create in both shapes and nothing else', () => {
    expect(parseResponseCreate('{"type":"response.create","model":"m","input":[]}')?.request).toMatchObject({ model: 'm' });
    expect(parseResponseCreate('{"type":"response.create","response":{"model":"m","input":[]}}')?.request).toEqual({ model: 'm', input: [] });
    expect(parseResponseCreate('{"type":"response.processed","note":"response.create"}')).toBeUndefined();
    expect(parseResponseCreate('"response.create"')).toBeUndefined();
    expect(parseResponseCreate('{"type":"response.create"')).toBeUndefined();
  });

  it('knows which server events end a response', () => {
    expect(responseEnd({ type: 'response.output_text.delta', delta: 'x' })).toBeUndefined();
    expect(responseEnd({ type: 'response.completed', response: {} })).toEqual({ status: 200, completed: true });
    expect(responseEnd({ type: 'response.failed', response: { error: { message: 'boom' } } })).toMatchObject({ status: 200, error: 'upstream response failed: boom' });
    expect(responseEnd({ type: 'error', status_code: 400, error: { message: 'bad' } })).toMatchObject({ status: 400 });
    expect(responseEnd({ type: 'error', message: 'no status' })).toMatchObject({ status: 500, error: 'upstream error: no status' });
  });

  it('maps the upstream to ws(s) and keeps handshake headers per hop', () => {
    expect(upstreamSocketUrl('https://api.openai.com', '/v1/responses?a=1')).toBe('wss://api.openai.com/v1/responses?a=1');
    expect(upstreamSocketUrl('http://127.0.0.1:8080/base', '/v1/responses')).toBe('ws://127.0.0.1:8080/base/v1/responses');
    const h = upstreamSocketHeaders(new Headers({
      authorization: 'Bearer k', 'openai-beta': 'b', 'sec-websocket-key': 'x', 'sec-websocket-version': '13', 'sec-websocket-protocol': 'p',
      connection: 'Upgrade', upgrade: 'websocket', host: 'gw', 'x-headroom-bypass': '1', 'session-id': 's',
    }));
    expect([...h.keys()].sort()).toEqual(['authorization', 'openai-beta', 'session-id']);
  });
});

describe('real Codex over WebSocket', () => {
  const codex = findAgent('codex');
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 2, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 12 };
  const answer = (id: string, item: Record<string, unknown>) => [
    JSON.stringify({ type: 'response.created', response: { id, status: 'in_progress' } }),
    JSON.stringify({ type: 'response.output_item.done', output_index: 0, item }),
    JSON.stringify({ type: 'response.completed', response: { id, status: 'completed', output: [item], usage } }),
  ];
  const final = { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Worker 7 ran out of memory.', annotations: [] }] };
  const call = {
    type: 'function_call', id: 'fc_1', call_id: 'call_ws_1', name: 'exec_command', status: 'completed',
    arguments: JSON.stringify({ cmd: "seq 1 3000 | sed 's/^/2024-05-01T10:00:00Z INFO worker processed job /'; echo 'ERROR worker 7 crashed: out of memory'", max_output_tokens: 200000, login: false }),
  };

  it('runs a tool call; the chained response.create carries the output compressed', { timeout: 120_000 }, async (ctx) => {
    if (!codex.bin) {
      if (IN_CI) throw new Error(codex.missing);
      ctx.skip(codex.missing);
      return;
    }
    upstream.events = (n, create) => {
      const event = JSON.parse(create) as { generate?: boolean; input?: { type?: string }[] };
      if (event.generate === false) return [JSON.stringify({ type: 'response.completed', response: { id: `resp_w${n}`, status: 'completed', output: [], usage } })];
      return (event.input ?? []).some((i) => i.type === 'function_call_output') ? answer(`resp_${n}`, final) : answer(`resp_${n}`, call);
    };
    const home = tempDir('headroom-ws-codex-');
    mkdirSync(join(home.dir, '.codex'));
    try {
      const r = await run(codex.bin, [
        'exec', '--skip-git-repo-check', '--ephemeral', '--ignore-user-config',
        '-c', 'model_provider="headroom"', '-c', 'model_providers.headroom.name="headroom"',
        '-c', `model_providers.headroom.base_url="http://127.0.0.1:${proxy.port}/v1"`,
        '-c', 'model_providers.headroom.wire_api="responses"', '-c', 'model_providers.headroom.env_key="HEADROOM_WS_KEY"',
        '-c', 'model_providers.headroom.supports_websockets=true',
        '-c', 'approval_policy="never"', '--sandbox', 'read-only', '-c', 'analytics.enabled=false',
        'Run the worker log command and tell me what failed.',
      ], { cwd: home.dir, timeoutMs: 90_000, env: { HOME: home.dir, CODEX_HOME: join(home.dir, '.codex'), HEADROOM_WS_KEY: 'sk-ws-e2e' } });
      const diag = `exit ${r.code}\nstdout: ${r.stdout.slice(0, 1000)}\nstderr: ${r.stderr.slice(-2000)}`;
      expect(r.code, diag).toBe(0);
      expect(r.stdout.trim(), diag).toBe('Worker 7 ran out of memory.');
      expect(upstream.handshakes.at(-1)!.headers.authorization).toBe('Bearer sk-ws-e2e');
      const creates = upstream.frames.all.map((f) => JSON.parse(f.data.toString('utf8')) as { type: string; previous_response_id?: string; input?: { type: string; output?: unknown }[] });
      const chained = creates.find((e) => e.input?.some((i) => i.type === 'function_call_output'))!;
      expect(chained.type).toBe('response.create');
      const output = chained.input!.find((i) => i.type === 'function_call_output')!.output;
      const text = typeof output === 'string' ? output : JSON.stringify(output);
      expect(text).toContain('[headroom:');
      expect(text).toContain('ERROR worker 7 crashed: out of memory');
      expect(text.length).toBeLessThan(3000 * 50 / 5);
    } finally {
      home.cleanup();
    }
  });
});
