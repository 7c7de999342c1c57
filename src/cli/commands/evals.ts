/**
 * `headroom evals`: the fidelity suite alone, for CI — every gold fact of every built-in workload must survive
 * compression, and so must every fact of the fidelity anchors when ../shared/anchors (or HEADROOM_ANCHORS) is present.
 * Prints what was lost and where; exit 1 on any loss. `--worker` is for the Worker build (runtimes issue): exit 2
 * with a clear reason while that build does not exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from 'citty';
import { perfCorpus, runAnchorCase, runPerf, type AnchorResult } from '../../perf/index.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { locateAnchors, packageRoot, readAnchors, readRealFixtures } from '../perf-data.ts';
import { createProgress } from '../progress.ts';

const args = {
  worker: { type: 'boolean', default: false, description: 'Run the suite against the Worker build inside miniflare' },
  json: { type: 'boolean', default: false, description: 'Print the results as JSON' },
} as const;

/** Where the runtimes issue will put the Worker bundle. */
const WORKER_BUILD = join('dist', 'worker.mjs');

interface EvalLine {
  suite: 'workload' | 'anchor';
  name: string;
  kept: number;
  total: number;
  lost: Array<{ fact: string; where: string }>;
}

export default defineCommand({
  meta: { name: 'evals', description: 'Fidelity suite: every gold fact of every workload must survive (exit 1 on a loss)' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const root = packageRoot();
      if (a.worker) {
        const why = existsSync(join(root, WORKER_BUILD)) ? 'the miniflare eval runner is not implemented' : `needs the Worker build (${WORKER_BUILD})`;
        throw new CliError(`evals --worker: not available yet: ${why}`, 2);
      }
      const workloads = perfCorpus({ real: readRealFixtures(root) });
      const anchorFile = locateAnchors(root);
      const anchors = anchorFile ? readAnchors(anchorFile) : [];
      const bar = createProgress(workloads.length + anchors.length, 'evals');
      const lines: EvalLine[] = [];
      try {
        const perf = await runPerf(workloads, { onStart: (w) => bar.step(w.name), onDone: () => bar.tick() });
        for (const r of perf.rows) lines.push({ suite: 'workload', name: `${r.group}/${r.name}`, kept: r.goldKept, total: r.goldTotal, lost: r.lost });
        for (const c of anchors) {
          bar.step(c.id);
          const r: AnchorResult = await runAnchorCase(c);
          lines.push({ suite: 'anchor', name: `anchor/${r.id}`, kept: r.found, total: r.facts, lost: r.lost.map((fact) => ({ fact, where: `${r.id} (json, cap ${r.cap})` })) });
          bar.tick();
        }
      } finally {
        bar.stop();
      }
      const kept = lines.reduce((s, l) => s + l.kept, 0);
      const total = lines.reduce((s, l) => s + l.total, 0);
      const lost = lines.flatMap((l) => l.lost.map((x) => ({ name: l.name, ...x })));
      if (a.json) {
        process.stdout.write(`${JSON.stringify({ ok: lost.length === 0, kept, total, anchors: anchorFile ?? null, results: lines }, null, 2)}\n`);
      } else {
        const out = lines.map((l) => `${l.lost.length ? '✗' : '✓'} ${l.name}  ${l.kept}/${l.total} gold facts kept`);
        if (!anchorFile) out.push('– anchors: fidelity golden cases not found (../shared/anchors or HEADROOM_ANCHORS); skipped');
        for (const l of lost) out.push(`LOST in ${l.name} / ${l.where}: ${JSON.stringify(l.fact)}`);
        out.push(`evals: ${kept}/${total} gold facts kept across ${lines.length} workloads${lost.length ? ` — ${lost.length} lost` : ''}`);
        process.stdout.write(`${out.join('\n')}\n`);
      }
      if (lost.length) process.exitCode = 1;
    }),
});
