/** What every bench case reports: the three distributions and the targets it is held to. */
import type { Dist } from './stats.ts';
import { dist, type Paired } from './stats.ts';

export interface Target {
  stat: 'p50' | 'p99';
  ms: number;
}

export interface Measured {
  name: string;
  metric: 'latency' | 'TTFB';
  rounds: number;
  direct: Dist;
  proxy: Dist;
  /** Paired (proxy − direct) per round. */
  added: Dist;
  targets: Target[];
  pass: boolean;
}

export function measured(name: string, metric: Measured['metric'], p: Paired, proxy: string, targets: Target[]): Measured {
  const added = dist(p.added[proxy]!);
  return {
    name, metric, rounds: added.n, direct: dist(p.raw.direct!), proxy: dist(p.raw[proxy]!), added, targets,
    pass: targets.every((t) => added[t.stat] <= t.ms),
  };
}
