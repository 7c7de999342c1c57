/**
 * `headroom perf`: the built-in benchmark corpus in-process — per workload tokens before/after (exact o200k), % saved,
 * gold facts kept, request-path ms and MB/s. `--file PATH --query Q` measures your own tool output instead.
 * Exits 1 when any gold fact is lost: a saving that drops a fact is a failure, not a trade-off.
 */
import { defineCommand } from 'citty';
import { fileWorkload, perfCorpus, runPerf, selectWorkloads, type PerfSummary, type PerfWorkload } from '../../perf/index.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { readInputText } from '../input.ts';
import { readRealFixtures } from '../perf-data.ts';
import { createProgress } from '../progress.ts';
import { n, table } from '../proxy-http.ts';

const args = {
  workload: { type: 'string', alias: 'w', description: 'Run only this workload (a name, part of one, or a group: synthetic, real, code, prose)' },
  file: { type: 'string', description: 'Measure this file of your own tool output instead of the corpus' },
  query: { type: 'string', alias: 'q', description: 'With --file: the question the output should stay useful for' },
  json: { type: 'boolean', default: false, description: 'Print the results as JSON' },
} as const;

const fixed = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

export function renderPerf(s: PerfSummary): string {
  const rows = s.rows.map((r) => [
    r.name, r.group, n(r.tokensBefore), n(r.tokensAfter), `${fixed(r.savedPct)}%`,
    r.goldTotal ? `${r.goldKept}/${r.goldTotal}` : '—', fixed(r.ms), fixed(r.mbPerS, 2),
  ]);
  if (s.rows.length > 1) {
    rows.push(['total', '', n(s.tokensBefore), n(s.tokensAfter), `${fixed(s.savedPct)}%`, `${s.goldKept}/${s.goldTotal}`, fixed(s.ms), fixed(s.mbPerS, 2)]);
  }
  const out = [table(['workload', 'group', 'tokens before', 'after', 'saved', 'gold kept', 'ms', 'MB/s'], rows), '',
    'tokens: exact o200k counts of the tool output; saved: % of those tokens removed; ms and MB/s: warm',
    'compressText wall time on the request path (one core, this machine).'];
  const lost = s.rows.flatMap((r) => r.lost.map((l) => `  ${r.name} / ${l.where}: lost ${JSON.stringify(l.fact)}`));
  if (lost.length) out.push('', `LOST ${lost.length} gold fact(s):`, ...lost);
  return `${out.join('\n')}\n`;
}

async function workloads(a: { workload?: string; file?: string; query?: string }): Promise<PerfWorkload[]> {
  if (a.file !== undefined) {
    if (a.workload !== undefined) throw new CliError('--file and --workload do not go together');
    return [fileWorkload(a.file, await readInputText(a.file), a.query ?? '')];
  }
  if (a.query !== undefined) throw new CliError('--query goes with --file (the corpus brings its own questions)');
  const all = perfCorpus({ real: readRealFixtures() });
  if (a.workload === undefined) return all;
  const picked = selectWorkloads(all, a.workload);
  if (picked.length === 0) throw new CliError(`no workload matches "${a.workload}" (workloads: ${all.map((w) => w.name).join(', ')})`);
  return picked;
}

export default defineCommand({
  meta: { name: 'perf', description: 'Run the built-in benchmark corpus: tokens saved, gold facts kept, speed' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const list = await workloads(a);
      const bar = createProgress(list.length, 'perf');
      let summary: PerfSummary;
      try {
        summary = await runPerf(list, { onStart: (w) => bar.step(w.name), onDone: () => bar.tick() });
      } finally {
        bar.stop();
      }
      process.stdout.write(a.json ? `${JSON.stringify(summary, null, 2)}\n` : renderPerf(summary));
      if (summary.rows.some((r) => r.lost.length > 0)) process.exitCode = 1;
    }),
});
