/**
 * `headroom learn` through the real bin: session logs copied from the fixtures into a temp HOME / CODEX_HOME (with
 * the project path rewritten to a temp project), dry run → diff, --apply → file, re-run → updated in place.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { END, START } from '../../src/learn/block.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/learn/', import.meta.url));
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'headroom-learn-')));
const home = join(tmp, 'home');
const project = join(tmp, 'demo');
const codexHome = join(home, '.codex');
const env = { ...process.env, HOME: home, CODEX_HOME: codexHome, CLAUDE_CONFIG_DIR: join(home, '.claude'), HEADROOM_HOME: join(tmp, 'hr'), XDG_DATA_HOME: join(tmp, 'xdg') };

/** Every fixture file, with `/work/demo` turned into the temp project (and Claude's folder names to match). */
function install(): void {
  cpSync(join(FIXTURES, 'claude'), join(home, '.claude'), { recursive: true });
  cpSync(join(FIXTURES, 'codex'), codexHome, { recursive: true });
  for (const root of [join(home, '.claude'), codexHome]) {
    for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((x) => x.endsWith('.jsonl'))) {
      const p = join(root, f);
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('/work/demo', project));
    }
  }
  const projects = join(home, '.claude', 'projects');
  for (const d of readdirSync(projects)) renameSync(join(projects, d), join(projects, d.replace('-work-demo', project.replace(/[^A-Za-z0-9]/g, '-'))));
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/headroom.mjs', 'learn', ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  mkdirSync(project, { recursive: true });
  install();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('headroom learn', () => {
  it('dry run prints a unified diff of CLAUDE.local.md and writes nothing', () => {
    const r = run(['--project', project]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('--- a/CLAUDE.local.md\n+++ b/CLAUDE.local.md\n');
    expect(r.out).toContain(`+${START}`);
    expect(r.out).toContain('+- Run `python3` instead of `python` (`python`: not found on PATH). Seen 3×.');
    // the session from the neighbouring project (demo-api) taught something else
    expect(r.out).not.toContain('dist/server.js');
    expect(r.err).toMatch(/4 sessions, .* → 6 rules; dry run, run again with --apply/);
    expect(readdirSync(project)).toEqual([]);
  });

  it('--apply writes the block, keeps the rest of the file, and a re-run changes nothing', () => {
    writeFileSync(join(project, 'CLAUDE.local.md'), '# Local notes\n\nPrefer small commits.\n');
    const r = run(['--apply', '--project', project]);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(join(project, 'CLAUDE.local.md'), 'utf8');
    expect(text.startsWith('# Local notes\n\nPrefer small commits.\n\n<!-- headroom:learn:start -->\n')).toBe(true);
    expect(text.endsWith(`${END}\n`)).toBe(true);
    const again = run(['--apply', '--project', project]);
    expect(again.err).toContain('CLAUDE.local.md is up to date');
    expect(readFileSync(join(project, 'CLAUDE.local.md'), 'utf8')).toBe(text);
  });

  it('updates the block in place when new sessions teach more', () => {
    const file = join(project, 'CLAUDE.local.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n## After\nstays\n`);
    const dir = join(codexHome, 'sessions', '2026', '11', '22');
    mkdirSync(dir, { recursive: true });
    const line = (type: string, payload: object) => JSON.stringify({ timestamp: '2026-11-22T10:00:00.000Z', type, payload });
    const exec = (command: string, code: number, out: string) => line('event_msg', { type: 'item_completed', item: { type: 'CommandExecution', command: ['/bin/bash', '-c', command], status: code ? 'failed' : 'completed', aggregated_output: out, exit_code: code } });
    writeFileSync(join(dir, 'rollout-2026-11-22T10-00-00-new.jsonl'), [
      line('session_meta', { id: 'new', cwd: project, cli_version: '0.169.0' }),
      exec('python tools/bump.py', 127, 'bash: python: command not found\n'), exec('python3 tools/bump.py', 0, 'ok\n'),
    ].join('\n') + '\n');
    expect(run(['--apply', '--project', project]).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split(START)).toHaveLength(2);
    expect(text).toContain('Run `python3` instead of `python` (`python`: not found on PATH). Seen 4×.');
    expect(text.endsWith(`${END}\n\n## After\nstays\n`)).toBe(true);
  });

  it('--agent codex reads only Codex logs and defaults to AGENTS.md', () => {
    const r = run(['--agent', 'codex', '--project', project]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('+++ b/AGENTS.md');
    expect(r.out).not.toContain('pnpm');
    expect(r.out).toContain('`git commit` needs `--no-verify`');
  });

  it('--target picks the file; clear errors for bad input', () => {
    expect(run(['--target', 'CLAUDE.md', '--project', project]).out).toContain('+++ b/CLAUDE.md');
    expect(run(['--agent', 'cursor'])).toMatchObject({ code: 1, err: 'headroom: unknown agent "cursor" (expected one of claude, codex)\n' });
    expect(run(['--project', join(tmp, 'nope')]).err).toContain('project directory not found');
    expect(run(['--bogus']).err).toBe('headroom: unknown option --bogus\n');
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(run(['--project', empty])).toMatchObject({ code: 0, out: '', err: expect.stringContaining('0 sessions') });
  });
});
