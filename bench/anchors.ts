/**
 * Section 4: Python Headroom's four "fidelity golden" cases, read from outside the repo (their data is never copied
 * in). Each case's JSON array is compressed as kind json with the JSON compressor's row cap set to Headroom's own cap
 * for that case; recall = share of answer_evidence + supporting_facts found verbatim in the output.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type GoldenCase, HEADROOM_RECALL, runAnchorCase } from '../src/perf/anchors.ts';
import { type SectionResult, fixed, num, progress } from './report.ts';

function locate(root: string): string | null {
  const env = process.env.HEADROOM_ANCHORS;
  const p = env ? resolve(env) : resolve(root, '..', 'shared', 'anchors', 'headroom-fidelity-golden', 'cases.json');
  const file = existsSync(p) && statSync(p).isDirectory() ? join(p, 'cases.json') : p;
  return existsSync(file) ? file : null;
}

export async function runAnchors(root: string): Promise<SectionResult> {
  const file = locate(root);
  if (!file) {
    const note = 'anchors: fidelity golden cases not found (../shared/anchors/… or HEADROOM_ANCHORS); section skipped';
    progress(note);
    return { name: 'anchors', tables: [], data: { skipped: note }, failures: [] };
  }
  const cases = JSON.parse(readFileSync(file, 'utf8')) as GoldenCase[];
  const results = [];
  for (const c of cases) {
    progress(`anchors: ${c.id}`);
    results.push(await runAnchorCase(c));
  }
  const recall = results.reduce((a, r) => a + r.found / r.facts, 0) / results.length;
  return {
    name: 'anchors',
    failures: results.flatMap((r) => r.lost.map((f) => `anchor ${r.id}: lost ${JSON.stringify(f)}`)),
    data: { recall, headroomRecall: HEADROOM_RECALL, cases: results },
    tables: [{
      title: 'Fidelity anchors (Python Headroom golden cases, JSON compressor at their row caps)',
      headers: ['case', 'facts found', 'recall', 'rows kept / cap (of n)', 'tokens before → after', 'decision'],
      rows: [
        ...results.map((r) => [r.id, `${r.found}/${r.facts}`, fixed(r.found / r.facts, 4),
          `${r.kept} / ${r.cap} (of ${r.rows})${r.kept > r.cap ? ' OVER CAP' : ''}`,
          `${num(r.tokensBefore)} → ${num(r.tokensAfter)}`, r.decision]),
        ['mean', '', fixed(recall, 4), '', '', ''],
      ],
      notes: [`Headroom's recall on the same cases: ${HEADROOM_RECALL}; target 1.0 with rows kept ≤ cap.`],
    }],
  };
}
