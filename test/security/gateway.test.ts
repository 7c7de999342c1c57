/**
 * The team gateway in-process (`app.request`) against a real scripted upstream: keys required, the gateway key
 * never forwarded, provider keys passed through or put in place, tenants isolated, per-key stats and budgets.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodePlatform } from '../../runtimes/node.ts';
import { createApp } from '../../src/app.ts';
import { parseKeyTable } from '../../src/auth/keys.ts';
import { anthropicBody, openaiChatBody, serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';

const KEY_A = 'hrk_tenant_a_key_000000000001';
const KEY_A2 = 'hrk_tenant_a_key_000000000002';
const KEY_B = 'hrk_tenant_b_key_000000000003';
const KEY_SERVER = 'hrk_server_side_000000000004';
const KEY_ADMIN = 'hrk_admin_key_00000000000005';
const KEY_BUDGET = 'hrk_budget_key_0000000000006';

const REPLY = {
  id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn', usage: { input_tokens: 120, output_tokens: 7 },
};

let upstream: FakeUpstream;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const keys = await parseKeyTable([
    `${KEY_A} team-a name=a1`,
    `${KEY_A2} team-a name=a2`,
    `${KEY_B} team-b name=b1`,
    `${KEY_SERVER} team-s name=s1 anthropic=sk-ant-server-side openai=sk-openai-server-side`,
    `${KEY_ADMIN} ops name=admin admin`,
    `${KEY_BUDGET} team-c name=c1 budget=100`,
  ].join('\n'));
  const platform = createNodePlatform({ store: 'memory', logLevel: 'silent' });
  app = createApp(platform, { upstreams: { anthropic: upstream.url, openai: upstream.url } }, undefined, { keys, instance: 'test' });
});
afterAll(() => upstream?.close());
beforeEach(() => {
  upstream.requests.length = 0;
  upstream.script({ kind: 'json', body: REPLY });
});

const messages = (headers: Record<string, string>, log = serviceLog(3000, 1717)) => app.request('/v1/messages', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
  body: JSON.stringify({ ...anthropicBody(log), stream: false }),
});

async function statsOf(key: string, query = ''): Promise<Response> {
  return app.request(`/stats${query}`, { headers: { 'x-headroom-key': key } });
}

/** Stats are written just after the response; wait until `n` requests are counted for `key`. */
async function settled(key: string, n: number) {
  for (;;) {
    const s = (await (await statsOf(key)).json()) as { totals: { requests: number } };
    if (s.totals.requests >= n) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('gateway keys', () => {
  it('answers 401 JSON without a key or with an unknown one, and never reaches the upstream', async () => {
    const tries: Record<string, string>[] = [{}, { 'x-headroom-key': 'hrk_not_a_real_key_0000000000' }, { authorization: 'Bearer hrk_nope_nope_nope_nope_00' }];
    for (const headers of tries) {
      const res = await messages({ 'x-api-key': 'sk-ant-client', ...headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    for (const path of ['/stats', '/v1/retrieve/' + '0'.repeat(32), '/v1/models', '/dashboard']) {
      expect((await app.request(path)).status).toBe(401);
    }
    expect(upstream.requests).toHaveLength(0);
    expect((await app.request('/health')).status).toBe(200);
  });

  it('passes the client\'s provider key through and never forwards the gateway key', async () => {
    const res = await messages({ 'x-headroom-key': KEY_A, 'x-api-key': 'sk-ant-client' });
    expect(res.status).toBe(200);
    const seen = upstream.requests[0]!.headers;
    expect(seen['x-api-key']).toBe('sk-ant-client');
    expect(seen['x-headroom-key']).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('hrk_');
    // Pass-through requests (not compressed routes) too.
    await app.request('/v1/models', { headers: { 'x-headroom-key': KEY_A, authorization: 'Bearer sk-openai-client' } });
    expect(upstream.requests[1]!.headers.authorization).toBe('Bearer sk-openai-client');
    expect(JSON.stringify(upstream.requests[1]!.headers)).not.toContain('hrk_');
  });

  it('puts the gateway-side provider key in place of an hrk_ credential (x-api-key for Anthropic, Bearer for OpenAI)', async () => {
    expect((await messages({ 'x-api-key': KEY_SERVER })).status).toBe(200);
    expect(upstream.requests[0]!.headers['x-api-key']).toBe('sk-ant-server-side');
    expect(upstream.requests[0]!.headers.authorization).toBeUndefined();
    upstream.script({ kind: 'json', body: { id: 'c1', object: 'chat.completion', choices: [], usage: { prompt_tokens: 5, completion_tokens: 1 } } });
    const res = await app.request('/v1/chat/completions', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY_SERVER}` }, body: JSON.stringify(openaiChatBody('hello')),
    });
    expect(res.status).toBe(200);
    expect(upstream.requests[1]!.headers.authorization).toBe('Bearer sk-openai-server-side');
    expect(upstream.requests[1]!.headers['x-api-key']).toBeUndefined();
  });

  it('refuses a Bearer hrk_ key when the gateway holds no provider key for it (the key would otherwise go upstream)', async () => {
    const res = await messages({ authorization: `Bearer ${KEY_A}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no gateway-side anthropic key/);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('tenant isolation', () => {
  it('an id from another tenant is a 404 exactly like an unknown id; the same tenant\'s other key sees it', async () => {
    const log = serviceLog(3000, 1717);
    expect((await messages({ 'x-headroom-key': KEY_A, 'x-api-key': 'sk-ant-client' }, log)).status).toBe(200);
    const id = /id=([0-9a-f]{32})\]/.exec(upstream.requests[0]!.body.toString())?.[1];
    expect(id).toBeDefined();

    const own = await app.request(`/v1/retrieve/${id}`, { headers: { 'x-headroom-key': KEY_A } });
    expect(own.status).toBe(200);
    expect(await own.text()).toBe(log);
    const sameTenant = await app.request(`/v1/retrieve/${id}`, { headers: { 'x-headroom-key': KEY_A2 } });
    expect(await sameTenant.text()).toBe(log);

    const unknown = 'f'.repeat(32);
    const other = await app.request(`/v1/retrieve/${id}`, { headers: { 'x-headroom-key': KEY_B } });
    const missing = await app.request(`/v1/retrieve/${unknown}`, { headers: { 'x-headroom-key': KEY_B } });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect([...other.headers].sort()).toEqual([...missing.headers].sort());
    expect((await other.text()).replace(id!, 'ID')).toBe((await missing.text()).replace(unknown, 'ID'));
  });

  it('stats are per tenant; /stats?key= is the key\'s own, or any key\'s for an admin', async () => {
    await settled(KEY_A, 1);
    const a = (await (await statsOf(KEY_A)).json()) as { totals: { requests: number }; key: { id: string; tenant: string } };
    expect(a.key).toMatchObject({ id: 'a1', tenant: 'team-a' });
    const b = (await (await statsOf(KEY_B)).json()) as { totals: { requests: number }; recent: unknown[] };
    expect(b.totals.requests).toBe(0);
    expect(b.recent).toEqual([]);

    expect((await statsOf(KEY_B, '?key=a1')).status).toBe(403);
    expect((await statsOf(KEY_A, '?key=a1')).status).toBe(200);
    const byAdmin = await statsOf(KEY_ADMIN, '?key=a1');
    expect(byAdmin.status).toBe(200);
    const body = (await byAdmin.json()) as { key: { id: string; usedToday: number }; totals: { requests: number } };
    expect(body.key.id).toBe('a1');
    expect(body.key.usedToday).toBeGreaterThanOrEqual(127);
    // a2 (same tenant) has its own per-key numbers.
    expect(((await (await statsOf(KEY_ADMIN, '?key=a2')).json()) as { totals: { requests: number } }).totals.requests).toBe(0);
    expect((await statsOf(KEY_ADMIN, '?key=nobody')).status).toBe(404);
    expect((await app.request('/metrics', { headers: { 'x-headroom-key': KEY_A } })).status).toBe(403);
    expect((await app.request('/metrics', { headers: { 'x-headroom-key': KEY_ADMIN } })).status).toBe(200);
  });
});

describe('per-key budgets', () => {
  it('answers 429 JSON once the day\'s tokens reach the budget', async () => {
    expect((await messages({ 'x-headroom-key': KEY_BUDGET, 'x-api-key': 'sk-ant-client' }, 'short')).status).toBe(200);
    await settled(KEY_BUDGET, 1);
    const res = await messages({ 'x-headroom-key': KEY_BUDGET, 'x-api-key': 'sk-ant-client' }, 'short');
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'budget_exceeded' } });
    expect(upstream.requests).toHaveLength(1);
    // Reading stats still works over budget; other keys are unaffected.
    expect((await statsOf(KEY_BUDGET)).status).toBe(200);
    expect((await messages({ 'x-headroom-key': KEY_B, 'x-api-key': 'sk-ant-client' }, 'short')).status).toBe(200);
  });
});

describe('memory isolation', () => {
  const call = async (key: string, name: string, args: Record<string, unknown>) => (await app.request('/mcp', {
    method: 'POST',
    headers: { 'x-headroom-key': key, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-headroom-project': '/srv/app' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  })).text();

  it('notes saved by one tenant are not found by another', async () => {
    expect(await call(KEY_A, 'memory_save', { text: 'Staging deploys need VPN access to 10.20.0.0/16' })).toMatch(/saved|stored|added/i);
    expect(await call(KEY_A2, 'memory_search', { query: 'staging deploy vpn' })).toContain('10.20.0.0/16');
    const other = await call(KEY_B, 'memory_search', { query: 'staging deploy vpn' });
    expect(other).not.toContain('10.20.0.0/16');
    expect(other).toMatch(/no memory notes/);
  });
});
