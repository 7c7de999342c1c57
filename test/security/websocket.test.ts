/**
 * Responses over WebSocket through a keyed gateway on a real port: the handshake passes the same key rules as HTTP
 * (refused with 401 JSON before anything reaches the upstream), the gateway key never goes upstream, and the socket
 * is served with its key's tenant state — what it compressed is retrievable over HTTP with that tenant's keys only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serveNode } from '../../runtimes/node.ts';
import { parseKeyTable } from '../../src/auth/keys.ts';
import { responsesBody, serviceLog } from '../fixtures/bodies.ts';
import { completedEvents, Inbox, startFakeSocketUpstream, type FakeSocketUpstream, type Frame } from '../proxy/fake-socket-upstream.ts';

const KEY_A = 'hrk_ws_tenant_a_key_00000001';
const KEY_B = 'hrk_ws_tenant_b_key_00000002';
const KEY_SERVER = 'hrk_ws_server_side_000000003';
const KEY_BUDGET = 'hrk_ws_budget_key_0000000004';
const OPENAI_SERVER_KEY = 'sk-openai-ws-server-side';

let upstream: FakeSocketUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let http: string;
let ws: string;

beforeAll(async () => {
  upstream = await startFakeSocketUpstream();
  const keys = await parseKeyTable([
    `${KEY_A} team-a name=a1`,
    `${KEY_B} team-b name=b1`,
    `${KEY_SERVER} team-s name=s1 openai=${OPENAI_SERVER_KEY}`,
    `${KEY_BUDGET} team-c name=c1 budget=100`,
  ].join('\n'));
  proxy = await serveNode({
    port: 0, store: 'memory', logLevel: 'silent', gateway: { keys },
    config: { upstreams: { anthropic: upstream.url, openai: upstream.url }, maxBodyBytes: 8 * 1024 * 1024 },
  });
  http = `http://127.0.0.1:${proxy.port}`;
  ws = `ws://127.0.0.1:${proxy.port}`;
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});
beforeEach(() => {
  upstream.frames = new Inbox();
  upstream.events = completedEvents();
  upstream.handshakes.length = 0;
});

/** The answer to a handshake the gateway refuses, instead of a 101. */
function refusal(headers: Record<string, string>): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const c = new WebSocket(`${ws}/v1/responses`, { headers });
    c.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (b: Buffer) => { body += b.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    c.on('open', () => reject(new Error('upgrade unexpectedly accepted')));
    c.on('error', () => undefined);
  });
}

async function connect(headers: Record<string, string>): Promise<{ c: WebSocket; messages: Inbox<Frame> }> {
  const c = new WebSocket(`${ws}/v1/responses`, { headers: { 'openai-beta': 'responses_websockets=2026-02-06', ...headers } });
  const messages = new Inbox<Frame>();
  c.on('message', (data, binary) => messages.push({ data: data as Buffer, binary }));
  await new Promise<void>((res, rej) => { c.once('open', () => res()); c.once('error', rej); });
  return { c, messages };
}

const createEvent = (log: string) => JSON.stringify({ type: 'response.create', ...responsesBody(log) });

/** Sends one Codex `response.create`, returns what the upstream received, and waits for the response's events. */
async function turn(headers: Record<string, string>, log: string): Promise<string> {
  const { c, messages } = await connect(headers);
  c.send(createEvent(log));
  const sent = (await upstream.frames.next()).data.toString('utf8');
  for (let i = 0; i < completedEvents().length; i++) await messages.next();
  const closed = new Promise((res) => c.once('close', res));
  c.close(1000);
  await closed;
  return sent;
}

const retrieve = (id: string, key: string) => fetch(`${http}/v1/retrieve/${id}`, { headers: { 'x-headroom-key': key } });

describe('WebSocket upgrades through a keyed gateway', () => {
  it('refuses a handshake without a known key with 401 JSON, before the upstream hears of it', async () => {
    const none = await refusal({ authorization: 'Bearer sk-client' });
    expect(none.status).toBe(401);
    expect(none.type).toContain('application/json');
    expect(JSON.parse(none.body).error.message).toMatch(/a gateway key is required/);

    const unknown = await refusal({ 'x-headroom-key': 'hrk_not_a_key_of_this_gateway', authorization: 'Bearer sk-client' });
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body).error.message).toMatch(/unknown gateway key/);

    // A bearer hrk_ key is only a credential when the gateway holds the provider key; otherwise it would go upstream.
    const bearer = await refusal({ authorization: `Bearer ${KEY_A}` });
    expect(bearer.status).toBe(401);
    expect(JSON.parse(bearer.body).error.message).toMatch(/no gateway-side openai key is configured for key a1/);
    expect(upstream.handshakes).toHaveLength(0);
  });

  it('relays and compresses with the key\'s tenant store: retrievable over HTTP with that key, 404 with another tenant\'s', async () => {
    const log = serviceLog(3000, 4242);
    const sent = await turn({ 'x-headroom-key': KEY_A, authorization: 'Bearer sk-client-own' }, log);
    expect(sent).toContain('[headroom:');
    // The live tool output (one copy of the log) went out compressed.
    expect(sent.length).toBeLessThan(createEvent(log).length - log.length * 0.8);
    const hs = upstream.handshakes.at(-1)!;
    expect(hs.headers.authorization).toBe('Bearer sk-client-own');
    expect(JSON.stringify(hs.headers)).not.toContain('hrk_');

    const id = /id=([0-9a-f]{32})\]/.exec(sent)?.[1];
    expect(id).toBeDefined();
    const own = await retrieve(id!, KEY_A);
    expect(own.status).toBe(200);
    expect(await own.text()).toBe(log);
    expect((await retrieve(id!, KEY_B)).status).toBe(404);

    // The socket's response is in its tenant's stats, not in another tenant's.
    const statsOf = async (key: string) => ((await (await fetch(`${http}/stats`, { headers: { 'x-headroom-key': key } })).json()) as {
      totals: { requests: number }; recent: { path: string; status: number }[];
    });
    let a = await statsOf(KEY_A);
    while (a.totals.requests < 1) {
      await new Promise((r) => setTimeout(r, 20));
      a = await statsOf(KEY_A);
    }
    expect(a.recent[0]).toMatchObject({ path: '/v1/responses', status: 200 });
    expect((await statsOf(KEY_B)).totals.requests).toBe(0);
  });

  it('Authorization: Bearer hrk_… with a gateway-side OpenAI key: that key goes upstream in its place', async () => {
    const sent = await turn({ authorization: `Bearer ${KEY_SERVER}` }, serviceLog(3000, 77));
    expect(sent).toContain('[headroom:');
    const hs = upstream.handshakes.at(-1)!;
    expect(hs.headers.authorization).toBe(`Bearer ${OPENAI_SERVER_KEY}`);
    expect(JSON.stringify(hs.headers)).not.toContain('hrk_');
  });

  it('a key over its daily budget is refused at the handshake with 429 JSON', async () => {
    // completedEvents() reports 942 tokens: one response spends the whole budget of 100.
    await turn({ 'x-headroom-key': KEY_BUDGET, authorization: 'Bearer sk-client' }, serviceLog(3000, 5));
    const used = async () => ((await (await fetch(`${http}/stats?key=c1`, { headers: { 'x-headroom-key': KEY_BUDGET } })).json()) as { key: { usedToday: number } }).key.usedToday;
    while ((await used()) < 100) await new Promise((r) => setTimeout(r, 20));
    upstream.handshakes.length = 0;
    const over = await refusal({ 'x-headroom-key': KEY_BUDGET, authorization: 'Bearer sk-client' });
    expect(over.status).toBe(429);
    expect(JSON.parse(over.body).error.message).toMatch(/key c1 has used its daily budget of 100 tokens/);
    expect(upstream.handshakes).toHaveLength(0);
  });
});
