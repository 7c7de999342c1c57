import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchDetector } from '../../../src/compress/search/index.ts';

const fixture = (dir: string, name: string) => readFileSync(new URL(`../../fixtures/${dir}/${name}`, import.meta.url), 'utf8');
const detect = (text: string, hints = {}) => searchDetector.detect(text, hints);

describe('searchDetector', () => {
  it('recognises grep -rn, grep -C2, rg --heading and path lists', () => {
    expect(detect(fixture('search', 'grep-rn.txt'))).toBeGreaterThanOrEqual(0.8);
    expect(detect(fixture('search', 'grep-C2.txt'))).toBeGreaterThanOrEqual(0.8);
    expect(detect(fixture('search', 'rg-heading.txt'))).toBeGreaterThanOrEqual(0.8);
    expect(detect(fixture('search', 'find.txt'))).toBeGreaterThan(0.3);
    expect(detect(fixture('search', 'find.txt'), { command: 'find unstorage -type f' })).toBeGreaterThanOrEqual(0.8);
    expect(detect(fixture('search', 'find.txt'), { toolName: 'Glob' })).toBeGreaterThanOrEqual(0.8);
  });

  it('gets a boost from search tools and commands', () => {
    const text = fixture('search', 'grep-rn.txt');
    expect(detect(text, { toolName: 'Grep' })).toBeGreaterThan(detect(text));
    expect(detect(text, { command: 'cd repo && rg -n opts' })).toBeGreaterThan(detect(text));
    expect(detect(text, { command: 'git grep -n opts' })).toBeGreaterThan(detect(text));
  });

  it('stays low for diffs, logs, compiler diagnostics, JSON and prose', () => {
    expect(detect(fixture('diff', 'git-diff-U10.txt'))).toBeLessThan(0.3);
    expect(detect('2025-03-01 10:00:00 INFO server started on :8080\n2025-03-01 10:00:01 WARN slow request 1200ms\n')).toBe(0);
    const gcc = 'src/main.c:12:5: error: expected ; before }\nsrc/main.c:40:1: warning: unused variable x\n';
    expect(detect(gcc)).toBe(0);
    expect(detect('src/a.ts:3:7 - error TS2322: Type string is not assignable\n'.repeat(3))).toBe(0);
    expect(detect('{"results": [{"path": "a.ts", "line": 3}]}')).toBe(0);
    expect(detect('The quick brown fox jumps over the lazy dog.\nIt was a bright cold day in April.\n')).toBe(0);
  });

  it('reads only a prefix of huge inputs', () => {
    const big = `${'src/a.ts:1:x\n'.repeat(200)}${'garbage '.repeat(2_000_000)}`;
    const t = performance.now();
    expect(detect(big)).toBeGreaterThanOrEqual(0.8);
    expect(performance.now() - t).toBeLessThan(50);
  });
});
