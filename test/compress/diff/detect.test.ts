import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffDetector } from '../../../src/compress/diff/index.ts';

const fixture = (dir: string, name: string) => readFileSync(new URL(`../../fixtures/${dir}/${name}`, import.meta.url), 'utf8');
const detect = (text: string, hints = {}) => diffDetector.detect(text, hints);

describe('diffDetector', () => {
  it('recognises git diff, git log -p, lockfile diffs and plain diff -u', () => {
    expect(detect(fixture('diff', 'git-diff-U10.txt'))).toBeGreaterThanOrEqual(0.9);
    expect(detect(fixture('diff', 'git-log-p.txt'))).toBeGreaterThanOrEqual(0.9);
    expect(detect(fixture('diff', 'lockfile-diff.txt'))).toBeGreaterThanOrEqual(0.9);
    expect(detect('--- a.txt\t2025-01-01\n+++ b.txt\t2025-01-02\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('scores a bare hunk, and gets a boost from diff commands', () => {
    const hunk = '@@ -10,3 +10,3 @@ fn main() {\n     let a = 1;\n-    let b = 2;\n+    let b = 3;\n';
    expect(detect(hunk)).toBeGreaterThan(0.5);
    expect(detect(hunk, { command: 'git diff HEAD~1' })).toBeGreaterThan(detect(hunk));
    expect(detect(hunk, { command: 'diff -u old new' })).toBeGreaterThan(detect(hunk));
    expect(detect('nothing changed\n', { command: 'git diff' })).toBe(0.2);
  });

  it('stays at 0 for search results, logs and prose', () => {
    expect(detect(fixture('search', 'grep-rn.txt'))).toBe(0);
    expect(detect('2025-03-01 10:00:00 INFO --- starting ---\n+ retry 1\n')).toBe(0);
    expect(detect('Some words.\nMore words.\n', { command: 'ls -la' })).toBe(0);
  });
});
