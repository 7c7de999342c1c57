/** The memory core over an in-memory unstorage: dedup, near-duplicate merge, scopes, BM25 search, delete, JSONL. */
import { createStorage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { createMemory, importJsonl, jaccard, normalise, toJsonl, tokenSet } from '../../src/memory/index.ts';

function setup() {
  let t = 1_000_000;
  const storage = createStorage();
  const memory = createMemory(storage, { now: () => (t += 1000) });
  return { storage, memory };
}

const A = { project: '/work/app' };
const B = { project: '/work/other' };

describe('memory notes', () => {
  it('keeps one note for the same text saved twice (normalised: case, spacing), uniting tags', async () => {
    const { memory } = setup();
    const first = await memory.save({ text: 'Run tests with  `npm test -- --run`', tags: ['Testing'] }, A);
    const again = await memory.save({ text: 'run TESTS with `npm test -- --run`\n', tags: ['#ci'] }, A);
    expect(first.status).toBe('created');
    expect(again).toMatchObject({ status: 'duplicate', replaced: [] });
    expect(again.note.id).toBe(first.note.id);
    expect(again.note.text).toBe('Run tests with  `npm test -- --run`');
    expect(again.note.tags).toEqual(['ci', 'testing']);
    expect(await memory.list(A)).toHaveLength(1);
  });

  it('merges a near-duplicate into one note with the newer text and all tags', async () => {
    const { memory } = setup();
    const old = await memory.save({ text: 'the dev server listens on port 5173 (vite)', tags: ['dev'] }, A);
    expect(jaccard(tokenSet('the dev server listens on port 5173 (vite)'), tokenSet('the vite dev server listens on port 5173'))).toBeGreaterThanOrEqual(0.8);
    const r = await memory.save({ text: 'The vite dev server listens on port 5173', tags: ['vite'] }, A);
    expect(r).toMatchObject({ status: 'merged', replaced: [old.note.id] });
    expect(r.note.text).toBe('The vite dev server listens on port 5173');
    expect(r.note.tags).toEqual(['dev', 'vite']);
    expect(r.note.created).toBe(old.note.created);
    const all = await memory.list(A);
    expect(all.map((n) => n.id)).toEqual([r.note.id]);
  });

  it('keeps notes that are merely related', async () => {
    const { memory } = setup();
    await memory.save({ text: 'the dev server listens on port 5173' }, A);
    const r = await memory.save({ text: 'the API server listens on port 8080 behind nginx' }, A);
    expect(r.status).toBe('created');
    expect(await memory.list(A)).toHaveLength(2);
  });

  it('scopes notes: a project sees its own and the user\'s notes, never another project\'s', async () => {
    const { memory } = setup();
    await memory.save({ text: 'app: deploy with make deploy' }, A);
    await memory.save({ text: 'other: deploy with fly deploy' }, B);
    await memory.save({ text: 'the user deploys on Fridays only after review', scope: 'user' }, A);
    expect((await memory.list(A)).map((n) => n.text).sort()).toEqual(['app: deploy with make deploy', 'the user deploys on Fridays only after review']);
    expect((await memory.list(B)).map((n) => n.text).sort()).toEqual(['other: deploy with fly deploy', 'the user deploys on Fridays only after review']);
    expect(await memory.list({})).toHaveLength(1);
    expect(await memory.list(A, { all: true })).toHaveLength(3);
    expect(await memory.list(A, { scope: 'user' })).toHaveLength(1);
    // Without a project, notes default to the user scope; a project note cannot be saved.
    expect((await memory.save({ text: 'prefers tabs' }, {})).note.scope).toBe('user');
    await expect(memory.save({ text: 'x', scope: 'project' }, {})).rejects.toThrow(/no project/);
  });

  it('ranks search results with BM25 over text and tags, best first; an empty query lists the newest', async () => {
    const { memory } = setup();
    await memory.save({ text: 'Database migrations run with `npm run migrate`; never edit applied migrations', tags: ['db'] }, A);
    await memory.save({ text: 'Lint with eslint; the config is eslint.config.js' }, A);
    await memory.save({ text: 'Postgres runs in docker compose on port 5432', tags: ['database', 'docker'] }, A);
    await memory.save({ text: 'Always answer in British English', scope: 'user' }, A);
    await memory.save({ text: 'migrate the other project with alembic' }, B);
    const hits = await memory.search('how do I run database migrations', A, 5);
    expect(hits[0]!.note.text).toMatch(/^Database migrations/);
    expect(hits.map((h) => h.note.text)).not.toContain('migrate the other project with alembic');
    expect(hits.every((h, i) => i === 0 || h.score <= hits[i - 1]!.score)).toBe(true);
    expect((await memory.search('docker', A)).map((h) => h.note.tags)).toEqual([['database', 'docker']]);
    expect((await memory.search('zzz unrelated', A))).toEqual([]);
    const newest = await memory.search('', A, 2);
    expect(newest.map((h) => h.note.text)).toEqual(['Always answer in British English', 'Postgres runs in docker compose on port 5432']);
    await expect(memory.search('x', A, 0)).rejects.toThrow(/k must be/);
  });

  it('deletes by id or unambiguous prefix', async () => {
    const { memory } = setup();
    const n = (await memory.save({ text: 'note one' }, A)).note;
    await expect(memory.delete('zz')).rejects.toThrow(/not a note id/);
    await expect(memory.delete('000000')).rejects.toThrow(/no memory note/);
    expect((await memory.delete(n.id.slice(0, 8))).id).toBe(n.id);
    expect(await memory.list(A)).toEqual([]);
  });

  it('validates input at the boundary', async () => {
    const { memory } = setup();
    await expect(memory.save({ text: '   ' }, A)).rejects.toThrow(/non-empty/);
    await expect(memory.save({ text: 'x'.repeat(9000) }, A)).rejects.toThrow(/at most 8000/);
    await expect(memory.save({ text: 'ok', tags: [1 as unknown as string] }, A)).rejects.toThrow(/tags must be strings/);
    expect(normalise('  A\tB\n c ')).toBe('a b c');
  });
});

describe('JSONL export / import', () => {
  it('round-trips into an empty store and is idempotent', async () => {
    const { memory } = setup();
    await memory.save({ text: 'build with cargo build --release', tags: ['build'] }, A);
    await memory.save({ text: 'likes short commit messages', scope: 'user' }, A);
    await memory.save({ text: 'other uses go 1.22' }, B);
    const exported = toJsonl(await memory.list({}, { all: true }));
    expect(exported.trim().split('\n')).toHaveLength(3);

    const fresh = setup().memory;
    expect(await importJsonl(fresh, exported)).toEqual({ created: 3, duplicate: 0, merged: 0 });
    expect(await importJsonl(fresh, exported)).toEqual({ created: 0, duplicate: 3, merged: 0 });
    expect(toJsonl(await fresh.list({}, { all: true }))).toBe(exported);
    // Importing back into the source changes nothing either.
    await importJsonl(memory, exported);
    expect(toJsonl(await memory.list({}, { all: true }))).toBe(exported);
  });

  it('an older near-duplicate merges its tags into the newer note without replacing its text', async () => {
    const { memory } = setup();
    const older = { v: 1, id: 'x', scope: 'project', project: A.project, text: 'tests need DATABASE_URL set to the test db', tags: ['old'], created: 10, updated: 10 };
    await memory.save({ text: 'tests need DATABASE_URL set to the local test db' }, A);
    const counts = await importJsonl(memory, `${JSON.stringify(older)}\n`);
    expect(counts.merged).toBe(1);
    const [note] = await memory.list(A);
    expect(note).toMatchObject({ text: 'tests need DATABASE_URL set to the local test db', tags: ['old'], created: 10 });
  });

  it('rejects a bad line with its number and writes nothing', async () => {
    const { memory } = setup();
    const good = JSON.stringify({ v: 1, id: '', scope: 'user', text: 'fine', tags: [], created: 1, updated: 1 });
    await expect(importJsonl(memory, `${good}\n{"v":1,"scope":"team","text":"x","created":1,"updated":1}\n`)).rejects.toThrow(/line 2: note scope must be project or user/);
    await expect(importJsonl(memory, `${good}\nnot json\n`)).rejects.toThrow(/line 2: not JSON/);
    expect(await memory.list({}, { all: true })).toEqual([]);
  });
});
