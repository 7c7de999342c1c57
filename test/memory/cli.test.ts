/** `headroom memory …` through the real bin, in temp projects with a temp data dir. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, sandbox } from '../mcp/harness.ts';

const box = sandbox();
afterAll(() => box.cleanup());

function memory(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, 'memory', ...args], { env: box.env, cwd: opts.cwd ?? box.projectA, input: opts.input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('headroom memory', () => {
  it('saves, lists, searches and deletes notes scoped to the git project', () => {
    expect(memory(['save', 'CI runs on Node 20; do not use Array.prototype.toSorted', '--tag', 'node,ci']).out).toMatch(/^memory note [0-9a-f]{32} saved \(project, tags: ci, node\)/);
    expect(memory(['save', '--scope', 'user', 'Prefers small focused commits']).code).toBe(0);
    expect(memory(['save', 'proj-b uses yarn berry'], { cwd: box.projectB }).code).toBe(0);

    const list = memory(['list'], { cwd: join(box.projectA, 'src') });
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^[0-9a-f]{12} {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}user {5}Prefers small focused commits\n[0-9a-f]{12} .* project {2}CI runs on Node 20; do not use Array\.prototype\.toSorted {2}#ci #node\n$/);
    expect(memory(['list', '--all', '--json']).out).toContain('proj-b uses yarn berry');

    const hits = memory(['search', 'which', 'node', 'version', '--json']);
    const parsed = JSON.parse(hits.out) as { note: { id: string; text: string } }[];
    expect(parsed[0]!.note.text).toMatch(/^CI runs on Node 20/);
    expect(memory(['search', 'yarn']).out).toBe('no memory notes match "yarn"\n');

    const id = parsed[0]!.note.id;
    expect(memory(['delete', id.slice(0, 8)]).out).toBe(`deleted ${id}: CI runs on Node 20; do not use Array.prototype.toSorted\n`);
    expect(memory(['delete', id.slice(0, 8)])).toMatchObject({ code: 1, err: `headroom: no memory note with id ${id.slice(0, 8)}\n` });
  });

  it('exports JSON Lines and imports them idempotently', () => {
    const file = join(box.root, 'notes.jsonl');
    expect(memory(['export', file]).err).toMatch(/^exported 2 notes to /);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((n) => n.text).sort()).toEqual(['Prefers small focused commits', 'proj-b uses yarn berry']);

    const other = sandbox();
    try {
      const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, 'memory', ...args], { env: other.env, cwd: other.projectA, input, encoding: 'utf8' });
      expect(run(['import', file]).stdout).toBe('imported: 2 new, 0 already present, 0 merged with a near-duplicate\n');
      expect(run(['import', '-'], readFileSync(file, 'utf8')).stdout).toBe('imported: 0 new, 2 already present, 0 merged with a near-duplicate\n');
      expect(run(['export']).stdout).toBe(readFileSync(file, 'utf8'));
      const bad = run(['import', '-'], '{"v":1}\n');
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/^headroom: memory import: line 1: /);
    } finally {
      other.cleanup();
    }
  });

  it('rejects bad flags and values in one line', () => {
    expect(memory(['list', '--scope', 'team'])).toMatchObject({ code: 1, err: 'headroom: --scope must be project or user, got "team"\n' });
    expect(memory(['list', '--nope'])).toMatchObject({ code: 1, err: 'headroom: unknown option --nope\n' });
  });
});
