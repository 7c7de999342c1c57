/**
 * `headroom evals --worker` (the real bin, dist/ built by `npm test`): every workload's tool output goes through the
 * wrangler-built Worker in miniflare via `/v1/messages` to a fake upstream on 127.0.0.1; every gold fact must reach
 * the upstream and each workload must save at least its floor in src/perf/floors.json.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workerEvalsUnavailable } from '../../runtimes/node-worker-evals.ts';
import { readRealFixtures } from '../../src/cli/perf-data.ts';
import { FLOORS, floorMisses, perfCorpus, scoreReceived, workloadRequest } from '../../src/perf/index.ts';
import { ROOT, tempEnv } from './spawn.ts';

const home = tempEnv();
afterAll(() => rmSync(home.dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/headroom.mjs'), ...args], { cwd: ROOT, env: home.env, timeout: 120_000, maxBuffer: 16 << 20 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

interface Line { name: string; kept: number; total: number; savedPct: number; floor: number; lost: unknown[] }

describe('headroom evals --worker', () => {
  it('keeps every gold fact of every workload through the Worker build, above each recorded floor', async () => {
    const res = await run(['evals', '--worker', '--json']);
    expect(res.err).toBe('');
    const j = JSON.parse(res.out) as { ok: boolean; target: string; kept: number; total: number; belowFloor: unknown[]; results: Line[] };
    const corpus = perfCorpus({ real: readRealFixtures(ROOT) }).map((w) => `${w.group}/${w.name}`);
    expect(j.results.map((l) => l.name)).toEqual(corpus);
    for (const l of j.results) {
      expect(l.lost, l.name).toEqual([]);
      expect(l.savedPct, l.name).toBeGreaterThanOrEqual(l.floor);
    }
    expect(j).toMatchObject({ ok: true, belowFloor: [] });
    expect(j.target).toMatch(/^Worker build in miniflare, bundle [\d.]+ MiB gzip$/);
    expect(j.kept).toBe(j.total);
    expect(res.code).toBe(0);
  }, 120_000);

  it('every workload has a recorded floor, and a drop below one is reported', () => {
    const rows = perfCorpus({ real: readRealFixtures(ROOT) }).map((w) => ({ group: w.group, name: w.name, savedPct: 100 }));
    expect(floorMisses(rows)).toEqual([]);
    expect(floorMisses([{ group: 'synthetic', name: 'code search', savedPct: 10 }, { group: 'synthetic', name: 'new one', savedPct: 50 }])).toEqual([
      { name: 'synthetic/code search', savedPct: 10, floor: FLOORS['synthetic/code search'] },
      { name: 'synthetic/new one', savedPct: 50, floor: undefined },
    ]);
  });

  it('scores what the upstream received: a fact the gateway dropped is lost, with the output it was in', () => {
    const w = perfCorpus({ real: readRealFixtures(ROOT) }).find((x) => x.name === 'codebase exploration')!;
    const sent = workloadRequest(w) as { messages: Array<{ content: Array<{ content?: string }> | string }> };
    const results = sent.messages[2]!.content as Array<{ content: string }>;
    const fact = w.gold[0]!;
    const i = w.outputs.findIndex((o) => o.text.includes(fact));
    results[i]!.content = results[i]!.content.replaceAll(fact, '[elided]');
    const row = scoreReceived(w, sent, 1);
    expect(row.lost).toEqual([{ fact, where: w.outputs[i]!.label }]);
    expect(row.goldKept).toBe(w.gold.length - 1);
  });

  it('from an installed package (no wrangler.toml, no dev dependencies) gives a one-line reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-pkg-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"name":"headroom"}');
      expect(workerEvalsUnavailable(dir)).toMatch(/^needs a headroom checkout \(wrangler\.toml is not in the installed package\)/);
      expect(workerEvalsUnavailable(ROOT)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
