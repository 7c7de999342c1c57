/**
 * Section 2: real tool output captured on a machine by bench/capture-real.sh (bench/fixtures/real/). The router
 * detects each kind from content and the command, as in production; the manifest's expected kind is only reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureWorkload, REAL_TARGET_PCT } from '../src/perf/fixtures.ts';
import { type Fixture, fixturesDir, loadManifest } from './manifest.ts';
import { type SectionResult, fixed, num, progress } from './report.ts';
import { pct, runScenario, type ScenarioResult } from '../src/perf/scenario.ts';

export async function runReal(root: string): Promise<SectionResult> {
  const dir = fixturesDir(root);
  const rows: Array<{ fixture: Fixture; result: ScenarioResult }> = [];
  for (const f of loadManifest(root)) {
    progress(`real: ${f.file}`);
    const text = readFileSync(join(dir, f.file), 'utf8');
    const result = await runScenario(fixtureWorkload(f, text), { note: progress });
    rows.push({ fixture: f, result });
  }
  const before = rows.reduce((a, r) => a + r.result.tokensBefore, 0);
  const after = rows.reduce((a, r) => a + r.result.tokensAfter, 0);
  const kept = rows.reduce((a, r) => a + r.result.goldKept, 0);
  const total = rows.reduce((a, r) => a + r.result.goldTotal, 0);
  const overall = pct(before, after);
  const failures = rows.flatMap((r) => r.result.lost.map((g) => `real ${r.fixture.file}: lost gold fact ${JSON.stringify(g)}`));
  return {
    name: 'real',
    failures,
    data: { tokensBefore: before, tokensAfter: after, savedPct: overall, targetPct: REAL_TARGET_PCT, goldKept: kept, goldTotal: total,
      fixtures: rows.map((r) => ({ ...r.result, command: r.fixture.command, expectKind: r.fixture.expectKind })) },
    tables: [{
      title: 'Real tool output captured on this machine (bench/fixtures/real)',
      headers: ['fixture', 'command', 'kind (expected)', 'tokens before → after', 'saved', 'gold kept', 'ms'],
      rows: [
        ...rows.map(({ fixture: f, result: r }) => {
          const kind = r.outputs[0]?.kind ?? '?';
          return [f.file, f.command.length > 44 ? `${f.command.slice(0, 43)}…` : f.command,
            f.expectKind && f.expectKind !== kind ? `${kind} (${f.expectKind})` : kind,
            `${num(r.tokensBefore)} → ${num(r.tokensAfter)}`, `${fixed(r.savedPct)}%`, `${r.goldKept}/${r.goldTotal}`, fixed(r.ms)];
        }),
        ['overall', '', '', `${num(before)} → ${num(after)}`, `${fixed(overall)}%`, `${kept}/${total}`, ''],
      ],
      notes: [`target: ≥${REAL_TARGET_PCT}% saved overall with every gold fact kept`],
    }],
  };
}
