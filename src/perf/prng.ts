/** A tiny seeded PRNG (mulberry32) so every workload is the same bytes on every machine and every run. */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Lower-case hex string of n characters. */
  hex(n: number): string;
  /** Approximately normal (sum of 4 uniforms), mean 0, sd ~1. */
  gauss(): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('perf/prng: pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => next() < p,
    hex: (n) => {
      let s = '';
      while (s.length < n) s += Math.floor(next() * 16).toString(16);
      return s;
    },
    gauss: () => (next() + next() + next() + next() - 2) * 1.7320508,
  };
}

/** Zero-padded integer, e.g. pad(7, 2) = "07". */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** ISO-8601 UTC timestamp of a fixed epoch plus `ms`: deterministic (only `new Date()` with no argument is not). */
export function isoAt(baseMs: number, ms: number): string {
  return new Date(baseMs + ms).toISOString();
}
