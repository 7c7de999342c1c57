/** `learn(sessions)`: failed tool calls → the fixes that followed → clustered rules. Offline, deterministic, no model. */
import { cluster, type ClusterOptions } from './cluster.ts';
import { findFixes } from './pair.ts';
import type { Fix, Rule, Session } from './types.ts';

export interface LearnResult {
  fixes: Fix[];
  rules: Rule[];
  /** Tool calls examined and how many of them failed, for the summary line. */
  calls: number;
  failures: number;
}

export function learn(sessions: readonly Session[], options: ClusterOptions & { window?: number } = {}): LearnResult {
  // Sessions in source order so the same logs always give the same fixes, whatever order the disk listed them in.
  const ordered = [...sessions].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const fixes = ordered.flatMap((s) => findFixes(s, options.window));
  const calls = ordered.reduce((n, s) => n + s.calls.length, 0);
  const failures = ordered.reduce((n, s) => n + s.calls.filter((c) => !c.ok).length, 0);
  return { fixes, rules: cluster(fixes, options), calls, failures };
}
