/** Session-log parsing against fixtures shaped like real Claude Code 2.1 and Codex 0.169 / 0.46 logs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClaudeSession } from '../../src/learn/claude.ts';
import { commandLine, parseCodexSession } from '../../src/learn/codex.ts';

const fixture = (p: string) => new URL(`../fixtures/learn/${p}`, import.meta.url);
const read = (p: string) => readFileSync(fixture(p), 'utf8');

describe('Claude Code logs', () => {
  const file = 'claude/projects/-work-demo/3d60e3f0-9b8c-4af6-a804-d27e0657f001.jsonl';
  const s = parseClaudeSession(read(file), file);

  it('reads the cwd and every tool call with its outcome, in order', () => {
    expect(s).toMatchObject({ agent: 'claude', cwd: '/work/demo' });
    expect(s.calls.map((c) => [c.tool, c.input, c.ok])).toEqual([
      ['Bash', 'python scripts/gen_fixtures.py', false],
      ['Bash', 'python3 scripts/gen_fixtures.py', true],
      ['Read', '/work/demo/src/utils/format.ts', false],
      ['Bash', 'grep -rn "formatDate" src/', false],
      ['Read', '/work/demo/src/lib/format.ts', true],
      ['Bash', 'npm install', false],
      ['Bash', 'npm install --legacy-peer-deps', true],
      // the rejected `rm -rf` is the user saying no, not a failure: left out
      ['Edit', '/work/demo/src/lib/format.ts', false],
      ['Edit', '/work/demo/src/lib/parse.ts', true],
      ['Bash', 'npx vitest run --reporter=dots', false],
      ['Bash', 'npx vitest run --reporter=dots', true],
    ]);
    expect(s.calls[0]).toMatchObject({ exitCode: 127, error: expect.stringContaining('python: command not found') });
  });

  it('skips lines it cannot parse (a log still being written)', () => {
    const text = `${read(file)}{"parentUuid":"x","message":{"role":"assist`;
    expect(parseClaudeSession(text, file).calls).toHaveLength(11);
  });
});

describe('Codex logs', () => {
  it('reads CommandExecution events (0.169) with exit codes, not the exec tool calls twice', () => {
    const file = 'codex/sessions/2026/11/20/rollout-2026-11-20T10-00-00-01a211ed-1b79-7951-9b9c-6e14e4ca0001.jsonl';
    const s = parseCodexSession(read(file), file);
    expect(s.cwd).toBe('/work/demo');
    expect(s.calls.map((c) => [c.input, c.ok, c.exitCode])).toEqual([
      ['pytest -q tests/', false, 127], ['python3 -m pytest -q tests/', true, 0],
      ['ls src/utils', false, 2], ['ls src/lib', true, 0],
      ['git commit -m "fix parser"', false, 1], ['git commit --no-verify -m "fix parser"', true, 0],
    ]);
  });

  it('falls back to shell function calls and their metadata.exit_code (older logs)', () => {
    const file = 'codex/sessions/2025/10/29/rollout-2025-10-29T00-59-38-019a2d7a-41c4-78b1-b7cc-a45d62a80004.jsonl';
    const s = parseCodexSession(read(file), file);
    expect(s.calls.map((c) => [c.input, c.ok, c.exitCode])).toEqual([
      ['python scripts/gen_fixtures.py', false, 127], ['python3 scripts/gen_fixtures.py', true, 0],
    ]);
  });

  it('turns a shell argv back into the command line', () => {
    expect(commandLine(['/bin/bash', '-lc', 'ls -la'])).toBe('ls -la');
    expect(commandLine(['rg', '-n', 'two words'])).toBe("rg -n 'two words'");
    expect(commandLine('  make test ')).toBe('make test');
  });
});
