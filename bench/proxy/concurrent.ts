/**
 * Section 4: N streaming requests at once, each a distinct dripped SSE stream; every byte the client receives is
 * compared with the bytes the upstream wrote for that stream.
 */
import { smallBody } from './bodies.ts';
import { timed } from './client.ts';
import type { Servers } from './servers.ts';
import { dist, type Dist } from './stats.ts';

export interface Burst {
  target: string;
  streams: number;
  events: number;
  wallMs: number;
  ttfb: Dist;
  /** Streams that errored, answered non-200, or whose bytes differ from what the upstream sent. */
  failures: number;
  bytes: number;
  /** New TCP connections the upstream accepted during the burst. */
  upstreamConnections: number;
  firstFailure?: string;
}

export async function burst(s: Servers, target: keyof Servers['origins'], tag: string, streams = 100, events = 40, dripMs = 3): Promise<Burst> {
  const origin = s.origins[target];
  s.upstream.resetConnections();
  let failures = 0;
  let bytes = 0;
  let firstFailure: string | undefined;
  const fail = (why: string) => { failures++; firstFailure ??= why; };
  const ttfbs: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: streams }, async (_, i) => {
    const id = `${tag}-${target}-${i}`;
    try {
      const r = await timed(origin, {
        path: '/v1/messages', body: smallBody(true),
        headers: { 'x-bench-reply': 'sse', 'x-bench-events': String(events), 'x-bench-drip-ms': String(dripMs), 'x-bench-stream': id },
      });
      ttfbs.push(r.ttfbMs);
      bytes += r.body.byteLength;
      const sent = s.upstream.sent.get(id);
      if (r.status !== 200) fail(`${id}: status ${r.status}`);
      else if (!sent) fail(`${id}: upstream never finished the stream`);
      else if (!sent.equals(r.body)) fail(`${id}: ${r.body.byteLength} bytes received, ${sent.byteLength} sent, first difference at ${firstDiff(sent, r.body)}`);
    } catch (err) {
      fail(`${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }));
  const wallMs = performance.now() - t0;
  const upstreamConnections = s.upstream.connections;
  s.upstream.sent.clear();
  return { target, streams, events, wallMs, ttfb: dist(ttfbs), failures, bytes, upstreamConnections, firstFailure };
}

function firstDiff(a: Buffer, b: Buffer): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Direct and proxied bursts alternated `rounds` times; the median wall time of each is reported. */
export async function concurrentStreams(s: Servers, targets: (keyof Servers['origins'])[], rounds: number): Promise<Burst[][]> {
  const out: Burst[][] = targets.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < targets.length; k++) {
      const idx = (r + k) % targets.length;
      out[idx]!.push(await burst(s, targets[idx]!, `burst${r}`));
    }
  }
  return out;
}
