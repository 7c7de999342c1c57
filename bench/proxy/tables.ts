/** The proxy bench's tables: headline results with targets, then the raw distributions and the time breakdown. */
import { fixed, num, type Table } from '../report.ts';
import type { Layer, Step } from './breakdown.ts';
import type { Burst } from './concurrent.ts';
import type { BigResult } from './latency.ts';
import type { Measured } from './measure.ts';
import { percentile, type Dist } from './stats.ts';

const ms = (x: number): string => `${fixed(x, 2)} ms`;
const ratio = (a: number, b: number): string => `${fixed(a / b, 2)}×`;
const target = (m: Measured): string => m.targets.map((t) => `${t.stat} ≤ ${t.ms} ms`).join(', ');
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

export function headline(rows: Measured[]): Table {
  return {
    title: 'Proxy overhead, loopback, fake upstream (added = proxy − direct, paired per round)',
    headers: ['Case', 'Metric', 'Direct p50', 'Proxy p50', 'Added p50', 'Added p99', 'Proxy/direct p50', 'Target (added)', 'Result'],
    rows: rows.map((m) => [
      m.name, m.metric, ms(m.direct.p50), ms(m.proxy.p50), ms(m.added.p50), ms(m.added.p99), ratio(m.proxy.p50, m.direct.p50),
      target(m), verdict(m.pass),
    ]),
  };
}

export function compression(rows: BigResult[]): Table {
  return {
    title: 'A ~100k-token tool result on the request path',
    headers: ['Tool result', 'Body', 'Forwarded', 'Tokens before → after', 'Saved', 'compressMs p50 (/stats)', 'compressMs p99', 'Added p50'],
    rows: rows.map((r) => [
      r.kind, `${num(r.bytes / 1024)} KB`, `${num(r.forwardedBytes / 1024)} KB`, `${num(r.tokensBefore)} → ${num(r.tokensAfter)}`,
      `${fixed((1 - r.tokensAfter / r.tokensBefore) * 100, 1)}%`, ms(r.compressMs.p50), ms(r.compressMs.p99), ms(r.added.p50),
    ]),
    notes: ['compressMs is what the proxy records per request: body read + JSON.parse + compress() + JSON.stringify (Date.now, 1 ms steps).'],
  };
}

const med = (xs: number[]): number => percentile(xs, 0.5);

export function streams(label: Record<string, string>, runs: Burst[][]): Table {
  return {
    title: `${runs[0]![0]!.streams} concurrent streaming requests (${runs[0]![0]!.events} SSE events each, 3 ms apart), byte-compared`,
    headers: ['Path', 'Bursts', 'Wall p50', 'Wall vs direct', 'TTFB p50', 'TTFB p99', 'Bytes/burst', 'Failures', 'Result'],
    rows: runs.map((b) => {
      const wall = med(b.map((x) => x.wallMs));
      const failures = b.reduce((s, x) => s + x.failures, 0);
      return [
        label[b[0]!.target]!, String(b.length), ms(wall), ratio(wall, med(runs[0]!.map((x) => x.wallMs))),
        ms(med(b.map((x) => x.ttfb.p50))), ms(med(b.map((x) => x.ttfb.p99))), num(b[0]!.bytes), String(failures),
        verdict(failures === 0),
      ];
    }),
    notes: runs.flatMap((b) => b.filter((x) => x.firstFailure).map((x) => `first failure (${x.target}): ${x.firstFailure}`)),
  };
}

export function outbound(undici: Measured, global: Measured, bursts: [Burst[], Burst[]]): Table {
  const row = (name: string, m: Measured, b: Burst[]): string[] => [
    name, ms(m.added.p50), ms(m.added.p99), ms(med(b.map((x) => x.wallMs))),
    b.map((x) => String(x.upstreamConnections)).join(' / '), String(b.reduce((s, x) => s + x.failures, 0)),
  ];
  return {
    title: 'Outbound client: undici keep-alive pool (runtimes/node.ts) vs Node global fetch',
    headers: ['Platform.fetch', 'Added p50', 'Added p99', '100-stream wall p50', 'New upstream conns per burst', 'Failures'],
    rows: [row('undici request + Agent (shipped)', undici, bursts[0]), row('globalThis.fetch', global, bursts[1])],
    notes: [`global/undici added p50: ${ratio(global.added.p50, undici.added.p50)}, p99: ${ratio(global.added.p99, undici.added.p99)}`],
  };
}

const distCells = (d: Dist): string[] => [ms(d.p50), ms(d.p90), ms(d.p99), ms(d.min), ms(d.max)];

export function raw(rows: Measured[]): Table {
  return {
    title: 'Raw distributions', detail: true,
    headers: ['Case', 'Series', 'n', 'p50', 'p90', 'p99', 'min', 'max'],
    rows: rows.flatMap((m) => (['direct', 'proxy', 'added'] as const).map((k) => [m.name.slice(0, 44), k, String(m[k].n), ...distCells(m[k])])),
  };
}

export function layers(ls: Layer[]): Table {
  return {
    title: 'Where passthrough time goes (added vs direct, each layer includes the ones above)', detail: true,
    headers: ['Layer', 'Added p50', 'Added p90', 'Added p99'],
    rows: ls.map((l) => [l.layer, ms(l.added.p50), ms(l.added.p90), ms(l.added.p99)]),
  };
}

export function steps(kind: string, ss: Step[]): Table {
  return {
    title: `Steps of the compressed path, in process (${kind}, median of 5)`, detail: true,
    headers: ['Step', 'Median'], rows: ss.map((s) => [s.step, ms(s.ms)]),
  };
}
