/** The Worker build (wrangler's bundle) inside workerd via miniflare: the shared behaviour suite, KV storage, size. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerIds } from '../../src/ccr/marker.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream } from '../proxy/fake-upstream.ts';
import { runBehaviourSuite } from './behaviour.ts';
import { buildWorker, startWorker, type WorkerBuild } from './worker-build.ts';

let build: Promise<WorkerBuild> | undefined;
let freeBuild: Promise<WorkerBuild> | undefined;
const built = () => (build ??= buildWorker());
const builtFree = () => (freeBuild ??= buildWorker('free'));
afterAll(async () => {
  for (const b of [build, freeBuild]) if (b) rmSync((await b).dir, { recursive: true, force: true });
});

runBehaviourSuite('cloudflare worker (miniflare)', {
  runtime: /^cloudflare-workers$/,
  start: async (upstream) => startWorker(await built(), { ANTHROPIC_UPSTREAM: upstream, OPENAI_UPSTREAM: upstream, HEADROOM_LOG_LEVEL: 'silent' }),
});

// `wrangler deploy --env free`: C# and C++ left out; the suite checks /health names them and nothing fails.
runBehaviourSuite('cloudflare worker, free-plan build (miniflare)', {
  runtime: /^cloudflare-workers$/,
  start: async (upstream) => startWorker(await builtFree(), { ANTHROPIC_UPSTREAM: upstream, OPENAI_UPSTREAM: upstream, HEADROOM_LOG_LEVEL: 'silent' }),
});

describe('cloudflare worker: build', () => {
  let b: WorkerBuild;
  beforeAll(async () => { b = await built(); }, 120_000);

  it('fits the paid plan (10 MB gzip); the free build fits the free plan (3 MB gzip)', async () => {
    const free = await builtFree();
    const size = (w: WorkerBuild) => `${(w.totalKiB / 1024).toFixed(2)} MiB, gzip ${(w.gzipKiB / 1024).toFixed(2)} MiB`;
    console.log(`worker bundle: ${size(b)}; free-plan bundle: ${size(free)}`);
    expect(b.gzipKiB).toBeLessThan(10 * 1024);
    expect(free.gzipKiB).toBeLessThan(3 * 1024);
  }, 120_000);

  it('the free build names the grammars it leaves out in /health', async () => {
    const gw = await startWorker(await builtFree(), { HEADROOM_LOG_LEVEL: 'silent' });
    try {
      const health = await (await gw.fetch('/health')).json() as { unavailable: Record<string, string> };
      expect(health.unavailable.code).toBe('no grammar in the Worker build for: cpp, c_sharp');
    } finally {
      await gw.close();
    }
  }, 120_000);

  it('keeps originals in the KV namespace and declares the ONNX scorer unavailable', async () => {
    const upstream = await startFakeUpstream();
    const gw = await startWorker(b, { ANTHROPIC_UPSTREAM: upstream.url, HEADROOM_LOG_LEVEL: 'silent' });
    try {
      const health = await (await gw.fetch('/health')).json() as { unavailable: Record<string, string> };
      expect(Object.keys(health.unavailable)).toEqual(['text.onnx']);
      upstream.script({ kind: 'json', body: { id: 'msg_1' } });
      const res = await gw.fetch('/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...anthropicBody(serviceLog(3000, 1999)), stream: false }) });
      expect(res.status).toBe(200);
      const [id] = markerIds(upstream.requests[0]!.body.toString());
      const kv = await gw.mf.getKVNamespace('HEADROOM_KV') as unknown as { list(): Promise<{ keys: { name: string }[] }> };
      expect((await kv.list()).keys.map((k) => k.name).some((k) => k.includes(id!))).toBe(true);
    } finally {
      await gw.close();
      await upstream.close();
    }
  });
});
