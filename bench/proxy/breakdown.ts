/**
 * Where the proxy's time goes. Over HTTP: the passthrough cost split into layers (Hono + forward; + body read,
 * parse, usage and stats; + session hash and the compressor's walk). In process: each step the proxy takes
 * for a ~100k-token tool result, timed alone on the same bodies.
 */
import { createStorage } from 'unstorage';
import { contentId } from '../../src/ccr/id.ts';
import { compress } from '../../src/compress-body.ts';
import { parseJsonObject } from '../../src/proxy/request-body.ts';
import { sessionScope } from '../../src/proxy/session.ts';
import { createBlockCache } from '../../src/store/block-cache.ts';
import { createStore } from '../../src/store/store.ts';
import { countTokens } from '../../src/tokens/count.ts';
import type { BigBodies } from './bodies.ts';
import { smallBody } from './bodies.ts';
import type { BenchRequest } from './client.ts';
import type { Servers } from './servers.ts';
import { dist, type Dist, paired, percentile } from './stats.ts';

export interface Layer {
  layer: string;
  added: Dist;
}

/** Passthrough through successively more of the proxy, interleaved in the same rounds. */
export async function passthroughLayers(s: Servers, rounds: number): Promise<Layer[]> {
  const body = smallBody();
  const reqs: Record<string, BenchRequest> = {
    direct: { path: '/v1/messages', body },
    'Hono route + forward (undici), body streamed': { path: '/v1/bench/other-path', body },
    '+ read body, JSON.parse, usage, stats (bypass)': { path: '/v1/messages', body, headers: { 'x-headroom-bypass': '1' } },
    '+ session hash + compress() walk (full path)': { path: '/v1/messages', body },
  };
  const targets = Object.fromEntries(Object.keys(reqs).map((k) => [k, k === 'direct' ? s.origins.direct : s.origins.proxy]));
  await paired(targets, (_, t) => reqs[t]!, 100, 'totalMs');
  const p = await paired(targets, (_, t) => reqs[t]!, rounds, 'totalMs');
  return Object.entries(p.added).map(([layer, xs]) => ({ layer, added: dist(xs) }));
}

export interface Step {
  step: string;
  ms: number;
}

/** Median of `runs` timed calls after one warm-up; `prepare` (untimed) builds each call's input. */
async function timeIt<T>(runs: number, fn: (x: T) => unknown, prepare: (i: number) => T): Promise<number> {
  await fn(prepare(-1));
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const x = prepare(i);
    const t0 = performance.now();
    await fn(x);
    ms.push(performance.now() - t0);
  }
  return percentile(ms, 0.5);
}

/** Medians of each step of the compressed path, on the section-3 bodies. */
export async function bigBodySteps(big: BigBodies, runs = 5): Promise<Step[]> {
  const bytes = big.bodies.map((b) => new TextEncoder().encode(b));
  const pick = (i: number) => bytes[(i + big.bodies.length) % big.bodies.length]!;
  const output = (i: number): string => {
    const b = parseJsonObject(pick(i)) as { messages: { content: { content: string }[] }[] };
    return b.messages[2]!.content[0]!.content;
  };
  const outputs = big.bodies.map((_, i) => output(i));
  const storage = createStorage();
  const store = createStore(storage);
  const blocks = createBlockCache(storage);
  let n = 0;
  const body = (i: number) => parseJsonObject(pick(i))!;
  const text = (i: number) => outputs[(i + outputs.length) % outputs.length]!;
  const run = (b: Record<string, unknown>, countTok: boolean) => compress(b, {
    provider: 'anthropic', inPlace: true, store, countTokens: countTok, cache: { blocks, scope: `steps-${n++}` },
  });
  const compressed = await run(body(0), true);
  const steps: Step[] = [
    { step: 'UTF-8 decode + JSON.parse of the body', ms: await timeIt(runs, parseJsonObject, pick) },
    { step: 'sessionScope (hash of system + first user turn)', ms: await timeIt(runs, (b) => sessionScope(b, new Headers()), body) },
    { step: 'compress() as the proxy calls it (exact o200k counts)', ms: await timeIt(runs, (b) => run(b, true), body) },
    { step: 'compress() with countTokens: false', ms: await timeIt(runs, (b) => run(b, false), body) },
    { step: '  within: countTokens(original), once', ms: await timeIt(runs, countTokens, text) },
    { step: '  within: sha256 contentId(original), once (3× per block)', ms: await timeIt(runs, contentId, text) },
    { step: '  within: store.putOriginal (memory)', ms: await timeIt(runs, (t) => createStore(createStorage()).putOriginal(t), text) },
    { step: 'JSON.stringify + UTF-8 encode of the compressed body', ms: await timeIt(runs, (b) => new TextEncoder().encode(JSON.stringify(b)), () => compressed.body) },
  ];
  return steps;
}
