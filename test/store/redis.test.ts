/**
 * Redis storage (unstorage's redis driver over ioredis) against a real redis-server: the store contract, native
 * TTLs, and two real `headroom proxy --store redis://…` processes sharing one Redis.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from 'unstorage';
import { createStorageFor, parseStoreSpec } from '../../runtimes/node-storage.ts';
import { createStore } from '../../src/store/store.ts';
import { createStatsLedger } from '../../src/proxy/stats.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { startGateway, type GatewayProcess } from '../security/gateway-process.ts';
import { redisMissing, startRedis, type RedisServer } from './redis-server.ts';
import { EMPTY_USAGE } from '../../src/proxy/usage.ts';

const missing = redisMissing();
const KEY_A = 'hrk_redis_tenant_a_0000000001';
const KEY_B = 'hrk_redis_tenant_b_0000000002';
const KEYS = `${KEY_A} team-a,${KEY_B} team-b`;

describe.skipIf(missing !== undefined)('redis storage', () => {
  let redis: RedisServer;
  let storage: Storage;
  let raw: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    storage = await createStorageFor(parseStoreSpec(redis.url)!);
    raw = new Redis(redis.url);
  });
  afterAll(async () => {
    raw?.disconnect();
    await storage?.dispose();
    await redis?.stop();
  });

  it('accepts fs, memory and redis URLs and nothing else', () => {
    expect(parseStoreSpec('fs')).toBe('fs');
    expect(parseStoreSpec('memory')).toBe('memory');
    expect(parseStoreSpec('redis://127.0.0.1:6379/2')).toBe('redis://127.0.0.1:6379/2');
    expect(parseStoreSpec('rediss://user:pw@host:6380/0')).toBe('rediss://user:pw@host:6380/0');
    expect(parseStoreSpec('postgres://x')).toBeUndefined();
    expect(parseStoreSpec('s3')).toBeUndefined();
  });

  it('stores and retrieves originals; unknown ids are not found', async () => {
    const store = createStore(storage);
    const text = serviceLog(50, 10);
    const id = await store.putOriginal(text, { kind: 'log' });
    expect(await store.getOriginal(id)).toBe(text);
    expect(await store.has(id)).toBe(true);
    await expect(store.getOriginal('0'.repeat(32))).rejects.toMatchObject({ status: 404 });
  });

  it('hands TTLs to Redis (SET … EX), under the headroom: prefix', async () => {
    const store = createStore(storage, { ttlSeconds: 3600 });
    const id = await store.putOriginal('ttl check '.repeat(20));
    const ttl = await raw.ttl(`headroom:originals:${id}`);
    expect(ttl).toBeGreaterThan(3000);
    expect(ttl).toBeLessThanOrEqual(3600);
    const ledger = createStatsLedger(storage, () => Date.now(), { shard: 'ttl-test' });
    await ledger.record({
      id: 'req-ttl', time: Date.now(), provider: 'anthropic', path: '/v1/messages', stream: false, status: 200, tokensBefore: 0,
      tokensAfter: 0, compressMs: 0, upstreamMs: 0, usage: EMPTY_USAGE, completed: true, bypass: false, blocks: [], ids: [],
    });
    expect(await raw.ttl('headroom:stats:requests:req-ttl')).toBeGreaterThan(0);
    // Totals never expire.
    expect(await raw.ttl('headroom:stats:shards:ttl-test')).toBe(-1);
  });

  it('sums stats across ledgers that share the storage (one shard each, no lost updates)', async () => {
    await raw.flushdb();
    const a = createStatsLedger(storage, () => Date.now(), { shard: 'a' });
    const b = createStatsLedger(storage, () => Date.now(), { shard: 'b' });
    const rec = (id: string) => ({
      id, time: Date.now(), provider: 'anthropic', path: '/v1/messages', stream: false, status: 200, tokensBefore: 100,
      tokensAfter: 40, compressMs: 0, upstreamMs: 0, usage: { input: 10, output: 5, cacheRead: 0, cacheWrite: 0 }, completed: true,
      bypass: false, blocks: [], ids: [],
    });
    await Promise.all([a.record(rec('1')), b.record(rec('2')), a.record(rec('3')), b.record(rec('4'))]);
    for (const ledger of [a, b]) {
      const t = await ledger.totals();
      expect(t.requests).toBe(4);
      expect(t.tokensBefore).toBe(400);
      expect(t.usage.input).toBe(40);
      expect(Object.values(t.byDay)[0]?.requests).toBe(4);
    }
  });
});

describe.skipIf(missing !== undefined)('two gateway processes sharing one Redis', () => {
  let redis: RedisServer;
  let upstream: FakeUpstream;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let ka: GatewayProcess;
  let kb: GatewayProcess;
  beforeAll(async () => {
    redis = await startRedis();
    upstream = await startFakeUpstream();
    upstream.script({
      kind: 'json',
      body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 120, output_tokens: 7 } },
    });
    const args = ['--store', redis.url, '--anthropic-upstream', upstream.url, '--log-level', 'warn'];
    [a, b] = await Promise.all([startGateway([...args, '--instance', 'gw-a']), startGateway([...args, '--instance', 'gw-b'])]);
    // The same pair as a team gateway (keys, tenants) on the same Redis.
    [ka, kb] = await Promise.all([
      startGateway([...args, '--instance', 'kgw-a'], { HEADROOM_KEYS: KEYS }),
      startGateway([...args, '--instance', 'kgw-b'], { HEADROOM_KEYS: KEYS }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), ka?.stop(), kb?.stop()]);
    await upstream?.close();
    await redis?.stop();
  });

  const post = (base: string, log: string, headers: Record<string, string> = {}) => fetch(`${base}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify({ ...anthropicBody(log), stream: false }),
  });

  async function statsWhen(base: string, requests: number) {
    for (;;) {
      const s = (await (await fetch(`${base}/stats`)).json()) as { totals: { requests: number; usage: { input: number } } };
      if (s.totals.requests >= requests) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('content compressed through A is retrievable through B, and stats add up on both', async () => {
    const log = serviceLog(3000, 1717);
    const res = await post(a.base, log);
    expect(res.status).toBe(200);
    await res.text();
    const sent = upstream.requests.at(-1)!.body.toString();
    const id = /id=([0-9a-f]{32})\]/.exec(sent)?.[1];
    expect(id, 'A compressed the log and left a marker').toBeDefined();

    const back = await fetch(`${b.base}/v1/retrieve/${id}`);
    expect(back.status).toBe(200);
    expect(await back.text()).toBe(log);

    const res2 = await post(b.base, serviceLog(2000, 99));
    expect(res2.status).toBe(200);
    await res2.text();
    const [sa, sb] = [await statsWhen(a.base, 2), await statsWhen(b.base, 2)];
    expect(sa.totals.requests).toBe(2);
    expect(sb.totals.requests).toBe(2);
    expect(sa.totals.usage.input).toBe(240);
    expect(sb.totals).toEqual(sa.totals);
  }, 60_000);

  it('as a team gateway: the tenant\'s id is retrievable through the other process, another tenant gets 404', async () => {
    const log = serviceLog(2500, 321);
    const res = await post(ka.base, log, { 'x-headroom-key': KEY_A });
    expect(res.status).toBe(200);
    await res.text();
    const id = /id=([0-9a-f]{32})\]/.exec(upstream.requests.at(-1)!.body.toString())?.[1];
    expect(id).toBeDefined();
    const get = (base: string, key: string, which = id) => fetch(`${base}/v1/retrieve/${which}`, { headers: { 'x-headroom-key': key } });
    const same = await get(kb.base, KEY_A);
    expect(same.status).toBe(200);
    expect(await same.text()).toBe(log);
    const other = await get(kb.base, KEY_B);
    const unknown = await get(kb.base, KEY_B, 'e'.repeat(32));
    expect(other.status).toBe(404);
    expect((await other.text()).replace(id!, 'ID')).toBe((await unknown.text()).replace('e'.repeat(32), 'ID'));
    expect((await fetch(`${kb.base}/v1/retrieve/${id}`)).status).toBe(401);
  }, 60_000);
});
