/**
 * `headroom evals`: the fidelity suite alone, for CI — every gold fact of every built-in workload must survive
 * compression, each workload must save at least its recorded floor (src/perf/floors.json), and every fact of the
 * fidelity anchors must survive when ../shared/anchors (or HEADROOM_ANCHORS) is present. Prints what was lost and
 * where; exit 1 on any loss or floor miss. `--worker` runs the workloads through the Worker build inside miniflare
 * (runtimes/node-worker-evals.ts); that needs a checkout with its dev dependencies, else exit 2 with the reason.
 */
import { defineCommand } from 'citty';
import { describeMiss, type FloorMiss, floorKey, floorMisses, FLOORS, perfCorpus, type PerfRow, runAnchorCase, runPerf, type AnchorResult } from '../../perf/index.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { locateAnchors, packageRoot, readAnchors, readRealFixtures } from '../perf-data.ts';
import { createProgress } from '../progress.ts';

const args = {
  worker: { type: 'boolean', default: false, description: 'Run the workloads through the Worker build inside miniflare (from a checkout)' },
  json: { type: 'boolean', default: false, description: 'Print the results as JSON' },
} as const;

interface EvalLine {
  suite: 'workload' | 'anchor';
  name: string;
  kept: number;
  total: number;
  lost: Array<{ fact: string; where: string }>;
  /** Workloads only: tokens before/after, % saved and the recorded floor. */
  tokensBefore?: number;
  tokensAfter?: number;
  savedPct?: number;
  floor?: number;
}

const workloadLine = (r: PerfRow): EvalLine => ({
  suite: 'workload', name: floorKey(r), kept: r.goldKept, total: r.goldTotal, lost: r.lost,
  tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, savedPct: Math.round(r.savedPct * 10) / 10, floor: FLOORS[floorKey(r)],
});

export default defineCommand({
  meta: { name: 'evals', description: 'Fidelity suite: every gold fact survives, savings above the recorded floors (exit 1 otherwise)' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const root = packageRoot();
      const workloads = perfCorpus({ real: readRealFixtures(root) });
      const lines: EvalLine[] = [];
      const notes: string[] = [];
      let rows: PerfRow[];
      let target = 'in-process';
      let anchors: string | null = null;
      if (a.worker) {
        // Loaded only here: the driver is node-only and reaches for miniflare and wrangler (dev dependencies).
        const { runWorkerEvals, workerEvalsUnavailable } = await import('../../../runtimes/node-worker-evals.ts');
        const why = workerEvalsUnavailable(root);
        if (why) throw new CliError(`evals --worker: ${why}`, 2);
        const bar = createProgress(workloads.length + 1, 'evals --worker');
        try {
          const s = await runWorkerEvals(root, workloads, {
            onBuild: () => bar.step('wrangler build'), onStart: (w) => { bar.tick(); bar.step(w.name); },
          });
          rows = s.rows;
          target = `Worker build in miniflare, bundle ${(s.bundle.gzipKiB / 1024).toFixed(2)} MiB gzip`;
        } catch (err) {
          throw err instanceof CliError ? err : new CliError(`evals --worker: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          bar.stop();
        }
        lines.push(...rows.map(workloadLine));
        notes.push('– anchors: in-process only (they call compressText with their own caps); not run against the Worker');
      } else {
        anchors = locateAnchors(root);
        const cases = anchors ? readAnchors(anchors) : [];
        const bar = createProgress(workloads.length + cases.length, 'evals');
        try {
          rows = (await runPerf(workloads, { onStart: (w) => bar.step(w.name), onDone: () => bar.tick() })).rows;
          lines.push(...rows.map(workloadLine));
          for (const c of cases) {
            bar.step(c.id);
            const r: AnchorResult = await runAnchorCase(c);
            lines.push({ suite: 'anchor', name: `anchor/${r.id}`, kept: r.found, total: r.facts, lost: r.lost.map((fact) => ({ fact, where: `${r.id} (json, cap ${r.cap})` })) });
            bar.tick();
          }
        } finally {
          bar.stop();
        }
        if (anchors) target = `in-process, anchors from ${anchors}`;
        else notes.push('– anchors: fidelity golden cases not found (../shared/anchors or HEADROOM_ANCHORS); skipped');
      }
      report(lines, floorMisses(rows), { target, anchors }, notes, a.json);
    }),
});

/** `anchors`: the golden cases file that was run, or null. */
function report(lines: EvalLine[], misses: FloorMiss[], run: { target: string; anchors: string | null }, notes: string[], json: boolean): void {
  const kept = lines.reduce((s, l) => s + l.kept, 0);
  const total = lines.reduce((s, l) => s + l.total, 0);
  const lost = lines.flatMap((l) => l.lost.map((x) => ({ name: l.name, ...x })));
  const ok = lost.length === 0 && misses.length === 0;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok, target: run.target, anchors: run.anchors, kept, total, belowFloor: misses, results: lines }, null, 2)}\n`);
  } else {
    const missed = new Set(misses.map((m) => m.name));
    const out = lines.map((l) => {
      const saved = l.savedPct === undefined ? '' : `, ${l.savedPct.toFixed(1)}% saved (floor ${l.floor === undefined ? 'none' : `${l.floor}%`})`;
      return `${l.lost.length || missed.has(l.name) ? '✗' : '✓'} ${l.name}  ${l.kept}/${l.total} gold facts kept${saved}`;
    });
    out.push(...notes);
    for (const l of lost) out.push(`LOST in ${l.name} / ${l.where}: ${JSON.stringify(l.fact)}`);
    for (const m of misses) out.push(describeMiss(m));
    const fails = [lost.length ? `${lost.length} lost` : '', misses.length ? `${misses.length} below floor` : ''].filter(Boolean).join(', ');
    out.push(`evals (${run.target}): ${kept}/${total} gold facts kept across ${lines.length} workloads${fails ? ` — ${fails}` : ''}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (!ok) process.exitCode = 1;
}
