/**
 * Sections 1–3: added latency on passthrough, added time to first byte on SSE, and added latency for a request
 * carrying a ~100k-token tool result. Each is measured as interleaved direct/proxy pairs after a warm-up.
 */
import { smallBody, type BigBodies } from './bodies.ts';
import type { BenchRequest } from './client.ts';
import { measured, type Measured } from './measure.ts';
import type { Servers } from './servers.ts';
import { dist, type Dist, paired } from './stats.ts';

export interface Scale {
  passthroughRounds: number;
  ttfbRounds: number;
  bigRounds: number;
}

export async function passthrough(s: Servers, scale: Scale): Promise<Measured> {
  const targets = { direct: s.origins.direct, proxy: s.origins.proxy };
  const req: BenchRequest = { path: '/v1/messages', body: smallBody() };
  await paired(targets, () => req, 300, 'totalMs');
  const p = await paired(targets, () => req, scale.passthroughRounds, 'totalMs');
  return measured(`passthrough POST /v1/messages (${req.body.length} B, nothing to compress)`, 'latency', p, 'proxy',
    [{ stat: 'p50', ms: 1 }, { stat: 'p99', ms: 5 }]);
}

export async function ttfb(s: Servers, scale: Scale): Promise<Measured> {
  const targets = { direct: s.origins.direct, proxy: s.origins.proxy };
  const make = (i: number, t: string): BenchRequest => ({
    path: '/v1/messages', body: smallBody(true),
    headers: { 'x-bench-reply': 'sse', 'x-bench-events': '4', 'x-bench-drip-ms': '2', 'x-bench-stream': `ttfb-${t}-${i}` },
  });
  await paired(targets, make, 50, 'ttfbMs');
  const p = await paired(targets, make, scale.ttfbRounds, 'ttfbMs');
  s.upstream.sent.clear();
  return measured('SSE first event (then 3 more, 2 ms apart)', 'TTFB', p, 'proxy', [{ stat: 'p50', ms: 2 }]);
}

export interface BigResult extends Measured {
  kind: string;
  bytes: number;
  tokens: number;
  /** Bytes the upstream received through the proxy. */
  forwardedBytes: number;
  /** `compressMs` of the proxied requests as /stats recorded them (read + parse + compress + serialise). */
  compressMs: Dist;
  tokensBefore: number;
  tokensAfter: number;
}

interface StatsRecord { path: string; tokensBefore: number; tokensAfter: number; compressMs: number }

export async function bigBody(s: Servers, scale: Scale, big: BigBodies, salt: string): Promise<BigResult> {
  const targets = { direct: s.origins.direct, proxy: s.origins.proxy };
  // A fresh session per request: the block cache would otherwise (rightly) resend the first result unrecompressed.
  const make = (i: number, t: string): BenchRequest => ({
    path: '/v1/messages', body: big.bodies[i % big.bodies.length]!, headers: { 'x-headroom-session': `${salt}-${t}-${i}` },
  });
  let forwardedBytes = 0;
  const check = (_: unknown, t: string) => { if (t === 'proxy') forwardedBytes = s.upstream.lastBodyBytes; };
  await paired(targets, (i, t) => make(i + 10_000, t), 3, 'totalMs');
  const p = await paired(targets, make, scale.bigRounds, 'totalMs', check);
  const stats = (await (await fetch(`${s.origins.proxy}/stats?limit=${scale.bigRounds}`)).json()) as { recent: StatsRecord[] };
  const recs = stats.recent.filter((r) => r.path === '/v1/messages' && r.tokensBefore > 0);
  const m = measured(`${big.kind}: ${Math.round(big.bytes / 1024)} KB, ${Math.round(big.tokens / 1000)}k tokens`, 'latency', p, 'proxy', [{ stat: 'p50', ms: 30 }]);
  return {
    ...m, kind: big.kind, bytes: big.bytes, tokens: big.tokens, forwardedBytes,
    compressMs: dist(recs.map((r) => r.compressMs)),
    tokensBefore: recs[0]?.tokensBefore ?? 0, tokensAfter: recs[0]?.tokensAfter ?? 0,
  };
}
