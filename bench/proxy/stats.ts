/** Percentiles and the paired-sample loop that interleaves direct and proxied requests to cancel machine noise. */
import { type BenchRequest, type Timed, timed } from './client.ts';

export interface Dist {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/** Linear-interpolated percentile (q in 0..1) of unsorted samples. */
export function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

export function dist(xs: number[]): Dist {
  return {
    n: xs.length, p50: percentile(xs, 0.5), p90: percentile(xs, 0.9), p99: percentile(xs, 0.99),
    min: Math.min(...xs), max: Math.max(...xs),
  };
}

export type Metric = 'totalMs' | 'ttfbMs';

/** Raw samples per target, and per non-direct target the paired differences (target − direct) of each round. */
export interface Paired {
  raw: Record<string, number[]>;
  added: Record<string, number[]>;
}

/**
 * `rounds` rounds; each sends `req` once to every target, in an order rotated per round, so slow spells of a shared
 * machine hit direct and proxied requests alike. `make` may vary the request per round (e.g. a fresh session).
 */
export async function paired(
  targets: Record<string, string>, make: (round: number, target: string) => BenchRequest, rounds: number, metric: Metric,
  check?: (r: Timed, target: string) => void,
): Promise<Paired> {
  const names = Object.keys(targets);
  const raw: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const r = await timed(targets[name]!, make(i, name));
      if (r.status !== 200) throw new Error(`bench: ${name} answered ${r.status}: ${r.body.toString().slice(0, 200)}`);
      check?.(r, name);
      raw[name]!.push(r[metric]);
    }
  }
  const added: Record<string, number[]> = {};
  for (const n of names) if (n !== 'direct') added[n] = raw[n]!.map((v, i) => v - raw.direct![i]!);
  return { raw, added };
}
