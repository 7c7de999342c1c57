import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factKept } from '../../src/perf/gold.ts';
import { createRng } from '../../src/perf/prng.ts';
import { loadManifest } from '../../bench/manifest.ts';
import { grepLines, codeSearchWorkload } from '../../src/perf/workloads/code-search.ts';
import { allWorkloads } from '../../src/perf/workloads/index.ts';
import { metricsJson, serviceLog } from '../../src/perf/workloads/sre-incident.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('bench prng', () => {
  it('is a pure function of the seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createRng(43).next()).not.toBe(xs[0]);
  });
});

describe('synthetic workloads', () => {
  const first = allWorkloads();

  it('are byte-identical across generations', () => {
    expect(allWorkloads()).toEqual(first);
    expect(grepLines(13, 500)).toBe(grepLines(13, 500));
    expect(serviceLog(12, { lines: 300, errorAt: 150 })).toEqual(serviceLog(12, { lines: 300, errorAt: 150 }));
    expect(metricsJson(11, 300, -1)).toBe(metricsJson(11, 300, -1));
  });

  it('depend on the seed', () => {
    expect(codeSearchWorkload(99).outputs[0]!.text).not.toBe(codeSearchWorkload().outputs[0]!.text);
  });

  it.each(first.map((w) => [w.name, w] as const))('%s: every gold fact is in the raw tool outputs', (_, w) => {
    expect(w.gold.length).toBeGreaterThan(0);
    const raw = w.outputs.map((o) => o.text).join('\n');
    for (const g of w.gold) expect(raw, g).toContain(g);
  });

  it('code search is 100 grep -C2 hits: path:line:match, path-line-context, -- between groups', () => {
    const lines = codeSearchWorkload().outputs[0]!.text.trimEnd().split('\n');
    expect(lines.filter((l) => /^[\w./-]+:\d+:/.test(l))).toHaveLength(100);
    expect(lines.filter((l) => l === '--')).toHaveLength(99);
    for (const l of lines) expect(l).toMatch(/^[\w./-]+:\d+:|^[\w./-]+?-\d+-|^--$/);
  });

  it('JSON outputs parse', () => {
    for (const w of first) {
      for (const o of w.outputs) if (o.text.trimStart().startsWith('[') || o.path?.endsWith('.json')) expect(() => JSON.parse(o.text)).not.toThrow();
    }
  });
});

describe('real fixtures', () => {
  it.each(loadManifest(ROOT).map((f) => [f.file, f] as const))('%s: gold facts are in the captured file', (file, f) => {
    const text = readFileSync(join(ROOT, 'bench', 'fixtures', 'real', file), 'utf8');
    expect(text.length).toBeLessThanOrEqual(1_000_000);
    for (const g of f.gold) expect(text, g).toContain(g);
  });
});

describe('gold-fact matching', () => {
  it('accepts verbatim text and the two strict regroupings, nothing looser', () => {
    const heading = 'src/a.ts\n3:import x\n14:export interface S {\n\nsrc/b.ts\n2:other';
    expect(factKept(heading, 'src/a.ts:14:export interface S {')).toBe(true);
    expect(factKept(heading, 'src/b.ts:14:export interface S {')).toBe(false);
    expect(factKept(heading, 'src/a.ts:15:export interface S {')).toBe(false);
    const tree = './src/billing/\n  invoice.ts\n  [… 3 more …]\n./src/auth/\n  session.ts';
    expect(factKept(tree, './src/billing/invoice.ts')).toBe(true);
    expect(factKept(tree, './src/auth/invoice.ts')).toBe(false);
    expect(factKept('x ERROR y', 'ERROR')).toBe(true);
  });
});
