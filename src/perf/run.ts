/** Runs perf workloads one after another and turns each scenario result into a row: tokens, % saved, gold, ms, MB/s. */
import type { PerfGroup, PerfWorkload } from './corpus.ts';
import { runScenario } from './scenario.ts';

export interface PerfRow {
  name: string;
  group: PerfGroup;
  /** UTF-8 bytes of the workload's tool output. */
  bytes: number;
  tokensBefore: number;
  tokensAfter: number;
  savedPct: number;
  targetPct?: number;
  goldKept: number;
  goldTotal: number;
  /** Gold facts lost, each with the output it was expected in ("where"). */
  lost: Array<{ fact: string; where: string }>;
  /** Warm request-path wall time (countTokens: false), summed over the workload's outputs. */
  ms: number;
  mbPerS: number;
  notes: string[];
}

export interface PerfSummary {
  rows: PerfRow[];
  tokensBefore: number;
  tokensAfter: number;
  savedPct: number;
  goldKept: number;
  goldTotal: number;
  ms: number;
  bytes: number;
  mbPerS: number;
}

export interface RunPerfOptions {
  /** Called before each workload (i counts from 0) and after it with its row. */
  onStart?: (w: PerfWorkload, i: number) => void;
  onDone?: (row: PerfRow, i: number) => void;
}

const encoder = new TextEncoder();
export const mbPerS = (bytes: number, ms: number): number => (ms > 0 ? bytes / 1e6 / (ms / 1000) : 0);
export const workloadBytes = (w: PerfWorkload): number => w.outputs.reduce((a, o) => a + encoder.encode(o.text).length, 0);

/** The output a fact was in, for "lost … in <where>"; the first output when none had it verbatim. */
export function whereIs(w: PerfWorkload, fact: string): string {
  return (w.outputs.find((o) => o.text.includes(fact)) ?? w.outputs[0])?.label ?? w.name;
}

export async function runPerf(workloads: readonly PerfWorkload[], opts: RunPerfOptions = {}): Promise<PerfSummary> {
  const rows: PerfRow[] = [];
  for (const [i, w] of workloads.entries()) {
    opts.onStart?.(w, i);
    const notes: string[] = [];
    const r = await runScenario(w, { note: (m) => notes.push(m) });
    const bytes = workloadBytes(w);
    const row: PerfRow = {
      name: w.name, group: w.group, bytes, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, savedPct: r.savedPct,
      targetPct: w.targetPct, goldKept: r.goldKept, goldTotal: r.goldTotal, lost: r.lost.map((fact) => ({ fact, where: whereIs(w, fact) })),
      ms: r.ms, mbPerS: mbPerS(bytes, r.ms), notes,
    };
    rows.push(row);
    opts.onDone?.(row, i);
  }
  return summarize(rows);
}

/** Totals over rows, whichever runner produced them (in-process here, the Worker for `evals --worker`). */
export function summarize(rows: PerfRow[]): PerfSummary {
  const sum = (f: (r: PerfRow) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const before = sum((r) => r.tokensBefore);
  const after = sum((r) => r.tokensAfter);
  return {
    rows, tokensBefore: before, tokensAfter: after, savedPct: before ? (100 * (before - after)) / before : 0,
    goldKept: sum((r) => r.goldKept), goldTotal: sum((r) => r.goldTotal), ms: sum((r) => r.ms), bytes: sum((r) => r.bytes),
    mbPerS: mbPerS(sum((r) => r.bytes), sum((r) => r.ms)),
  };
}
