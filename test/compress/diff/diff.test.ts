import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/compress/context.ts';
import { createDiffCompressor, type DiffOptions, NAME } from '../../../src/compress/diff/index.ts';
import type { CompressorOutput } from '../../../src/compress/types.ts';
import { countTokens } from '../../../src/tokens/count.ts';
import { runCompressorContract } from '../contract.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/diff/${name}`, import.meta.url), 'utf8');
const gitDiff = fixture('git-diff-U10.txt');
const gitLog = fixture('git-log-p.txt');
const lockfile = fixture('lockfile-diff.txt');

const compressor = createDiffCompressor();
function run(text: string, options?: DiffOptions): CompressorOutput | null {
  const c = options ? createDiffCompressor(options) : compressor;
  return c.compress({ text, kind: 'diff', hints: { command: 'git diff' } }, createContext());
}

/** Every line a reviewer must see: file headers, hunk headers and changed lines. */
function mustKeep(diff: string): string[] {
  return diff.split('\n').filter((l) => /^(?:[+-]|@@ |diff |index |rename |old mode|new mode|Binary |commit |Author: )/.test(l));
}

runCompressorContract(
  compressor,
  [
    { name: 'multi-file git diff -U10 with rename, mode and binary changes', text: gitDiff, kind: 'diff', gold: mustKeep(gitDiff) },
    {
      name: 'lockfile diff next to a code change',
      text: lockfile,
      kind: 'diff',
      gold: [
        'diff --git a/package-lock.json b/package-lock.json',
        '+++ b/package-lock.json',
        '[… lockfile diff summarised: 676 more changed lines not shown; whole file +349 -349 in 155 hunks …]',
        'diff --git a/src/drivers/s3.mjs b/src/drivers/s3.mjs',
        '+const RETRIES = 3;',
      ],
    },
  ],
  [
    // git's default 3 lines of context leave nothing worth cutting at 2.
    { name: 'git log -p with default context', text: gitLog, kind: 'diff', gold: [] },
    { name: 'not a diff', text: `${'just some words\n'.repeat(30)}`, kind: 'diff', gold: [] },
  ],
);

describe(`${NAME}: golden outputs`, () => {
  it('trims context to 2 lines around changes and says how many lines were cut', () => {
    const ctx = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ` release note ${from + i} stays as it was`);
    const input = [
      '--- a/notes.txt\t2025-03-01 10:00:00',
      '+++ b/notes.txt\t2025-03-02 10:00:00',
      '@@ -1,27 +1,27 @@',
      ...ctx(1, 10),
      '-line 11',
      '+line eleven',
      ...ctx(12, 19),
      '-line 20',
      '+line twenty',
      ...ctx(21, 27),
      '',
    ].join('\n');
    expect(run(input)?.text).toBe(
      [
        '--- a/notes.txt\t2025-03-01 10:00:00',
        '+++ b/notes.txt\t2025-03-02 10:00:00',
        '@@ -1,27 +1,27 @@',
        '[… 8 unchanged lines …]',
        ' release note 9 stays as it was',
        ' release note 10 stays as it was',
        '-line 11',
        '+line eleven',
        ' release note 12 stays as it was',
        ' release note 13 stays as it was',
        '[… 4 unchanged lines …]',
        ' release note 18 stays as it was',
        ' release note 19 stays as it was',
        '-line 20',
        '+line twenty',
        ' release note 21 stays as it was',
        ' release note 22 stays as it was',
        '[… 5 unchanged lines …]',
        '[headroom: trimmed 17 unchanged context lines · id=00000000000000000000000000000000]',
        '',
      ].join('\n'),
    );
  });

  it('reads hunk extent from its counts: body lines that look like headers stay body lines', () => {
    const input = [
      'diff --git a/README.md b/README.md',
      'index 1111111..2222222 100644',
      '--- a/README.md',
      '+++ b/README.md',
      '@@ -1,12 +1,12 @@',
      ' # Title',
      ' ',
      ' one: a line of the readme that does not change',
      ' two: a line of the readme that does not change',
      ' three: a line of the readme that does not change',
      '--- old rule',
      '+++ new rule',
      ' four: a line of the readme that does not change',
      ' five: a line of the readme that does not change',
      ' six: a line of the readme that does not change',
      ' seven: a line of the readme that does not change',
      ' eight: a line of the readme that does not change',
      '-@@ -1 +1 @@',
      '\\ No newline at end of file',
      '+@@ -2 +2 @@',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(run(input, { contextLines: 1 })?.text).toBe(
      [
        'diff --git a/README.md b/README.md',
        'index 1111111..2222222 100644',
        '--- a/README.md',
        '+++ b/README.md',
        '@@ -1,12 +1,12 @@',
        '[… 4 unchanged lines …]',
        ' three: a line of the readme that does not change',
        '--- old rule',
        '+++ new rule',
        ' four: a line of the readme that does not change',
        '[… 3 unchanged lines …]',
        ' eight: a line of the readme that does not change',
        '-@@ -1 +1 @@',
        '\\ No newline at end of file',
        '+@@ -2 +2 @@',
        '\\ No newline at end of file',
        '[headroom: trimmed 7 unchanged context lines · id=00000000000000000000000000000000]',
        '',
      ].join('\n'),
    );
  });

  it('keeps git log -p commit headers and messages verbatim when trimming', () => {
    const out = run(gitLog, { contextLines: 1 })!;
    expect(out.lossy).toBe(true);
    for (const line of mustKeep(gitLog)) expect(out.text).toContain(line);
    expect(out.text).toContain('    Harden fs watcher and redis ttl\n    \n    The fs watcher could be closed twice');
    expect(out.text).toContain('+++ more\n');
    // 14 hunks of git's 3-line context: 2 cut from each side, except where a change sits at the hunk's edge.
    expect(out.text.endsWith('[headroom: trimmed 52 unchanged context lines · id=00000000000000000000000000000000]\n')).toBe(true);
  });

  it('summarises only past the thresholds', () => {
    expect(run(lockfile, { generatedFileChanges: 10_000 })).toBeNull(); // git's 3 lines of context: nothing to cut
    const out = run(lockfile)!;
    expect(out.text).toContain('[headroom: summarised 1 file diff (676 changed lines not shown) · id=');
    expect(countTokens(out.text)).toBeLessThan(countTokens(lockfile) / 10);
  });
});

describe(`${NAME}: time budget`, () => {
  it('gives up (null) once the deadline has passed', () => {
    let t = 0;
    const ctx = createContext({ now: () => (t += 1000), budgetMs: 1 });
    expect(compressor.compress({ text: gitDiff, kind: 'diff', hints: {} }, ctx)).toBeNull();
  });
});

describe(`${NAME}: properties`, () => {
  // One hunk as a list of operations; context and changed text may look like diff syntax.
  const textArb = fc
    .constantFrom('x', '', '-- y', '++ z', '@@ -1 +1 @@', 'diff --git a/q b/q', ' spaced', 'commit abcdef1')
    .chain((t) => fc.constantFrom(t, `${t} with a longer tail like real source code has`));
  const opArb = fc.record({ type: fc.constantFrom(' ', ' ', ' ', ' ', '-', '+'), text: textArb });
  const hunkArb = fc.array(opArb, { minLength: 1, maxLength: 60 });

  function buildDiff(hunks: { type: string; text: string }[][]): string {
    const out: string[] = [];
    hunks.forEach((ops, f) => {
      out.push(`diff --git a/f${f}.txt b/f${f}.txt`, `index 000000${f}..111111${f} 100644`, `--- a/f${f}.txt`, `+++ b/f${f}.txt`);
      const oldN = ops.filter((o) => o.type !== '+').length;
      const newN = ops.filter((o) => o.type !== '-').length;
      out.push(`@@ -1,${oldN} +1,${newN} @@ section ${f}`);
      for (const o of ops) out.push(`${o.type}${o.text}`);
    });
    return `${out.join('\n')}\n`;
  }

  it('keeps every header and changed line in order, and cut counts add up to the context removed', () => {
    let compressed = 0;
    fc.assert(
      fc.property(fc.array(hunkArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (hunks, k) => {
        const input = buildDiff(hunks);
        const out = run(input, { contextLines: k, minGain: 0 });
        if (!out) return;
        compressed++;
        expect(countTokens(out.text)).toBeLessThanOrEqual(countTokens(input));
        const outLines = out.text.split('\n');
        // Headers and changed lines appear as a subsequence of the output, verbatim.
        let at = 0;
        for (const line of input.split('\n').filter((l) => !l.startsWith(' ') && l !== '')) {
          while (at < outLines.length && outLines[at] !== line) at++;
          expect(at, `lost: ${line}`).toBeLessThan(outLines.length);
          at++;
        }
        const contextIn = hunks.flat().filter((o) => o.type === ' ').length;
        const contextOut = outLines.filter((l) => l.startsWith(' ')).length;
        const cut = outLines.reduce((a, l) => a + Number(/^\[… (\d+) unchanged lines? …\]$/.exec(l)?.[1] ?? 0), 0);
        expect(contextOut + cut).toBe(contextIn);
        expect(out.text).toContain(`trimmed ${cut} unchanged context line`);
      }),
      { numRuns: 400 },
    );
    expect(compressed).toBeGreaterThan(100); // the property was exercised, not vacuously true
  });
});
