/** Section 1: the four synthetic scenarios shaped like Python Headroom's published workloads. */
import { type SectionResult, fixed, num, progress } from './report.ts';
import { runScenario, type ScenarioResult } from '../src/perf/scenario.ts';
import { allWorkloads } from '../src/perf/workloads/index.ts';

export async function runSynthetic(): Promise<SectionResult> {
  const results: ScenarioResult[] = [];
  for (const w of allWorkloads()) {
    progress(`synthetic: ${w.name}`);
    results.push(await runScenario(w, { note: progress }));
  }
  const failures = results.flatMap((r) => r.lost.map((g) => `${r.name}: lost gold fact ${JSON.stringify(g)}`));
  return {
    name: 'synthetic',
    data: results,
    failures,
    tables: [
      {
        title: 'Synthetic workloads (exact o200k tokens)',
        headers: ['workload', 'tokens before → after', 'saved', 'target', 'Headroom', 'gold kept', 'ms'],
        rows: results.map((r) => [r.name, `${num(r.tokensBefore)} → ${num(r.tokensAfter)}`, `${fixed(r.savedPct)}%`,
          `≥${r.targetPct ?? 0}%`, r.headroomPct === undefined ? '—' : `${r.headroomPct}%`, `${r.goldKept}/${r.goldTotal}`, fixed(r.ms)]),
        notes: ['ms: compressText wall time on the request path (countTokens: false), all outputs of the workload.'],
      },
      {
        title: 'Synthetic workloads, per tool output',
        detail: true,
        headers: ['workload / output', 'kind', 'tokens before → after', 'saved', 'decision'],
        rows: results.flatMap((r) => r.outputs.map((o) => [`${r.name} / ${o.label}`, o.kind,
          `${num(o.tokensBefore)} → ${num(o.tokensAfter)}`, `${fixed(100 * (1 - o.tokensAfter / o.tokensBefore))}%`, o.decision])),
      },
    ],
  };
}
