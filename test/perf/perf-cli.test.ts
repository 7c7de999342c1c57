/** The real `headroom perf` / `headroom evals` bins (dist/, built by `npm test` first) on the built-in corpus. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'headroom-perf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/headroom.mjs', ...args], { timeout: 120_000, env: { ...process.env, HEADROOM_HOME: dir, ...env } }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

describe('headroom perf', () => {
  it('runs the real captured tool outputs and keeps every gold fact (--json)', async () => {
    const res = await run(['perf', '--workload', 'real', '--json']);
    expect(res.code).toBe(0);
    const j = JSON.parse(res.out);
    expect(j.rows.length).toBeGreaterThanOrEqual(8);
    for (const r of j.rows) {
      expect(r.group).toBe('real');
      expect(r.goldKept).toBe(r.goldTotal);
      expect(r.tokensAfter).toBeLessThanOrEqual(r.tokensBefore);
      expect(r.mbPerS).toBeGreaterThan(0);
    }
    expect(j.goldKept).toBe(j.goldTotal);
    expect(j.savedPct).toBeGreaterThan(60);
  });

  it('prints a table per workload with a total row', async () => {
    const res = await run(['perf', '--workload', 'synthetic']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^workload +group +tokens before +after +saved +gold kept +ms +MB\/s\n/);
    for (const name of ['code search', 'SRE incident', 'GitHub issue triage', 'codebase exploration']) expect(res.out).toContain(name);
    expect(res.out).toMatch(/\ntotal +[\d,]+ +[\d,]+ +[\d.]+% +13\/13 /);
  });

  it('measures your own file with --file and --query', async () => {
    const file = join(dir, 'build.log');
    writeFileSync(file, Array.from({ length: 3000 }, (_, i) => (i === 1700 ? 'ERROR worker 7 crashed: out of memory' : `INFO worker ok request ${i}`)).join('\n'));
    const res = await run(['perf', '--file', file, '--query', 'why did the worker crash', '--json']);
    expect(res.code).toBe(0);
    const [row] = JSON.parse(res.out).rows;
    expect(row).toMatchObject({ name: file, group: 'file', goldTotal: 0 });
    expect(row.tokensAfter).toBeLessThan(row.tokensBefore);
  });

  it('rejects an unknown workload and a --query without --file with one line', async () => {
    const a = await run(['perf', '--workload', 'nope']);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/^headroom: no workload matches "nope" \(workloads: code search, /);
    const b = await run(['perf', '--query', 'x']);
    expect(b.code).toBe(1);
    expect(b.err).toBe('headroom: --query goes with --file (the corpus brings its own questions)\n');
  });
});

describe('headroom evals', () => {
  it('passes on the corpus and reports a lost anchor fact, with where, as a failure', async () => {
    const cases = join(dir, 'cases.json');
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: i, status: i === 17 ? 'error' : 'ok', msg: i === 17 ? 'disk full on db-3' : `fine ${i}` }));
    writeFileSync(cases, JSON.stringify([{ id: 'made_up', question: 'which host failed?', compress: { max_items_after_crush: 5 },
      answer_evidence: ['disk full on db-3'], supporting_facts: ['fine 23'], content: rows }]));
    const res = await run(['evals'], { HEADROOM_ANCHORS: cases });
    expect(res.out).toMatch(/✓ synthetic\/SRE incident +4\/4 gold facts kept/);
    expect(res.out).toMatch(/✓ real\/vitest-failure.txt +3\/3 gold facts kept/);
    expect(res.out).toContain('✗ anchor/made_up  1/2 gold facts kept');
    expect(res.out).toContain('LOST in anchor/made_up / made_up (json, cap 5): "fine 23"');
    expect(res.code).toBe(1);

    const ok = await run(['evals', '--json'], { HEADROOM_ANCHORS: join(dir, 'none.json') });
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.out);
    expect(j).toMatchObject({ ok: true, anchors: null });
    expect(j.kept).toBe(j.total);
  });
  // `evals --worker` is tested in test/runtimes/evals-worker.test.ts.
});
