import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from 'unstorage';
import { afterAll, describe, expect, it } from 'vitest';
import atomicFsDriver from '../../runtimes/node-fs-atomic.ts';
import { createSweeper } from '../../src/store/sweeper.ts';
import { createStore } from '../../src/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'headroom-sweeper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweeper', () => {
  it('runs one sweep at a time, in the background, at most once per interval', async () => {
    let t = 0;
    let started = 0;
    let release: () => void = () => {};
    const sw = createSweeper(async () => {
      started++;
      await new Promise<void>((r) => { release = r; });
      return 0;
    }, { every: 10, minIntervalMs: 1_000, now: () => t });
    for (let i = 0; i < 100; i++) sw.wrote(); // the 10th write starts one; the rest find it running
    expect(started).toBe(1);
    const joined = sw.run(); // joins the running sweep
    expect(started).toBe(1);
    release();
    await joined;
    for (let i = 0; i < 100; i++) sw.wrote(); // too soon after the last one
    expect(started).toBe(1);
    t += 1_000;
    for (let i = 0; i < 10; i++) sw.wrote();
    expect(started).toBe(2);
    release();
  });

  it('a failing sweep is reported and the next one still runs', async () => {
    const errors: unknown[] = [];
    let t = 0;
    const sw = createSweeper(async () => { throw new Error('disk gone'); }, { every: 1, minIntervalMs: 0, now: () => t++, onError: (e) => errors.push(e) });
    sw.wrote();
    await new Promise((r) => setTimeout(r, 5));
    sw.wrote();
    await new Promise((r) => setTimeout(r, 5));
    expect(errors).toHaveLength(2);
  });
});

describe('store sweep on fs', () => {
  it('dates entries from the file (a stat, no read): expired files go, fresh ones stay, the size cap evicts oldest', async () => {
    const storage = createStorage({ driver: atomicFsDriver({ base: join(dir, 'fs') }) });
    const store = createStore(storage, { ttlSeconds: 3600, maxBytes: 10_000 });
    const old = await store.putOriginal('o'.repeat(4_000));
    const mid = await store.putOriginal('m'.repeat(4_000));
    const fresh = await store.putOriginal('f'.repeat(4_000));
    const file = (id: string) => join(dir, 'fs', 'originals', id);
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    utimesSync(file(old), ago(7200), ago(7200)); // past the ttl
    utimesSync(file(mid), ago(60), ago(60));
    expect(await store.sweep()).toBe(1);
    expect(await store.has(old)).toBe(false);
    expect(await store.getOriginal(mid)).toBe('m'.repeat(4_000));
    // Three 4 kB entries over a 10 kB cap: the oldest (mid) is evicted.
    const another = await store.putOriginal('a'.repeat(4_000));
    expect(await store.sweep()).toBe(1);
    expect(await store.has(mid)).toBe(false);
    expect(await store.has(fresh)).toBe(true);
    expect(await store.has(another)).toBe(true);
  });
});

describe('atomic fs driver', () => {
  it('writes again after its data folder was deleted behind its back', async () => {
    const base = join(dir, 'gone');
    const storage = createStorage({ driver: atomicFsDriver({ base }) });
    await storage.setItem('originals:a', 'one');
    rmSync(base, { recursive: true, force: true });
    await storage.setItem('originals:b', 'two');
    expect(await storage.getItem('originals:b')).toBe('two');
  });
});
