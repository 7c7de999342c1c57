/** Pairing failures with their fixes, classifying what changed, clustering repeats into rules. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/learn/classify.ts';
import { parseClaudeSession } from '../../src/learn/claude.ts';
import { parseCodexSession } from '../../src/learn/codex.ts';
import { learn } from '../../src/learn/learn.ts';
import { findFixes } from '../../src/learn/pair.ts';
import type { Session, ToolCall } from '../../src/learn/types.ts';

const sh = (input: string, ok: boolean, exitCode = ok ? 0 : 1, error = ''): ToolCall => ({ family: 'shell', tool: 'Bash', input, ok, exitCode, ...(ok ? {} : { error }) });
const kindOf = (a: string, b: string, reason = 'exit 1', cwd?: string) => classify(sh(a, false), sh(b, true), reason, cwd);

describe('classify', () => {
  it.each([
    ['python x.py', 'python3 x.py', { kind: 'program', wrong: 'python', right: 'python3' }],
    ['pytest -q', 'python -m pytest -q', { kind: 'program', wrong: 'pytest', right: 'python -m pytest' }],
    ['cd app && python x.py', 'cd app && python3 x.py', { kind: 'program', wrong: 'python', right: 'python3' }],
    ['npm install', 'npm install --legacy-peer-deps', { kind: 'flag', context: 'npm install', right: '--legacy-peer-deps' }],
    ['tar -xzf a.tgz --wildcards', 'tar -xzf a.tgz', { kind: 'no-flag', wrong: '--wildcards' }],
  ])('%s → %s', (a, b, expected) => {
    expect(kindOf(a, b)).toMatchObject(expected);
  });

  it('learns a path only when the first one did not exist, relative to the project', () => {
    expect(kindOf('cat /p/src/a/x.ts', 'cat /p/src/b/x.ts', 'no such file', '/p')).toMatchObject({ kind: 'dir', wrong: 'src/a/', right: 'src/b/', context: 'x.ts' });
    expect(kindOf('cat /p/a.txt', 'cat /p/b.txt', 'no such file', '/p')).toMatchObject({ kind: 'path', wrong: 'a.txt', right: 'b.txt' });
    expect(kindOf('cat /p/a.txt', 'cat /p/b.txt', 'exit 1', '/p')).toBeNull();
  });

  it('finds nothing to learn between unrelated commands or identical ones', () => {
    expect(kindOf('make', 'ls')).toBeNull();
    expect(kindOf('make test', 'make test')).toBeNull();
  });
});

describe('findFixes', () => {
  const session = (calls: ToolCall[]): Session => ({ agent: 'claude', source: 's', cwd: '/p', calls });

  it('pairs a failure with the later call that fixed it, past unrelated calls', () => {
    const fixes = findFixes(session([sh('python x.py', false, 127, 'python: command not found'), sh('ls', true), sh('python3 x.py', true)]));
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ reason: 'not found on PATH', pattern: { key: 'program:python→python3' } });
  });

  it('learns nothing from a retry that simply worked, "no match" exits, or fixes too far away', () => {
    expect(findFixes(session([sh('npm test', false), sh('npm test', true), sh('npm test --force', true)]))).toEqual([]);
    expect(findFixes(session([sh('grep foo a.txt', false, 1), sh('grep bar a.txt', true)]))).toEqual([]);
    const far = [sh('python x.py', false, 127), ...Array.from({ length: 8 }, () => sh('ls', true)), sh('python3 x.py', true)];
    expect(findFixes(session(far))).toEqual([]);
  });
});

describe('learn over the fixtures', () => {
  const root = fileURLToPath(new URL('../fixtures/learn/', import.meta.url));
  const files = (dir: string) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).map((f) => join(root, dir, f));
  const sessions = [
    ...files('claude').map((f) => parseClaudeSession(readFileSync(f, 'utf8'), f)),
    ...files('codex').map((f) => parseCodexSession(readFileSync(f, 'utf8'), f)),
  ].filter((s) => s.cwd === '/work/demo');

  it('clusters repeats across sessions and agents into ranked rules', () => {
    const { rules } = learn(sessions);
    expect(rules.map((r) => [r.text, r.count])).toEqual([
      ['Files are under `src/lib/`, not `src/utils/` (e.g. `format.ts`).', 3],
      ['Run `python3` instead of `python` (`python`: not found on PATH).', 3],
      ['`git commit` needs `--no-verify` (without it: exit 1).', 1],
      ['`npm install` needs `--legacy-peer-deps` (without it: exit 1).', 1],
      ['Run `npm` instead of `pnpm` (`pnpm`: not found on PATH).', 1],
      ['Run `python3 -m pytest` instead of `pytest` (`pytest`: not found on PATH).', 1],
    ]);
    expect(rules[1]).toMatchObject({ sessions: 3, agents: ['claude', 'codex'] });
  });

  it('is deterministic: the order sessions are read in does not matter', () => {
    expect(learn([...sessions].reverse()).rules).toEqual(learn(sessions).rules);
  });

  it('asks for two sightings before suggesting a whole-command rewrite', () => {
    const s = (src: string): Session => ({ agent: 'codex', source: src, calls: [sh('make -C build all', false), sh('make -C out all', true)] });
    expect(learn([s('a')]).rules).toEqual([]);
    expect(learn([s('a'), s('b')]).rules[0]).toMatchObject({ kind: 'command', count: 2, text: 'Instead of `make -C build all`, run `make -C out all` (exit 1).' });
  });
});
