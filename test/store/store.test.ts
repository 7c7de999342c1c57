import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from 'unstorage';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, dataDir } from '../../runtimes/node-storage.ts';
import { NotFoundError } from '../../src/errors.ts';
import { createStore, type Store } from '../../src/store/store.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

function storeContract(name: string, make: (now: () => number) => Store, advance: (ms: number) => void) {
  describe(`${name}: store contract`, () => {
    it('is content-addressed, idempotent and 128-bit', async () => {
      const s = make(() => 0);
      const a = await s.putOriginal('hello world');
      const b = await s.putOriginal('hello world');
      expect(a).toBe(b);
      expect(a).toMatch(/^[0-9a-f]{32}$/);
      expect(await s.putOriginal('hello world!')).not.toBe(a);
      expect(await s.getOriginal(a)).toBe('hello world');
    });

    it('round-trips text byte-for-byte, including unicode and JSON-looking text', async () => {
      const s = make(() => 0);
      for (const text of ['{"a":1}', '[1,2]', 'true', '42', 'naïve — 日本語 🎉\n\ttabs', ' padded ']) {
        expect(await s.getOriginal(await s.putOriginal(text))).toBe(text);
      }
    });

    it('rejects malformed and unknown ids with a NotFoundError', async () => {
      const s = make(() => 0);
      await expect(s.getOriginal('../../etc/passwd')).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.getOriginal('f'.repeat(32))).rejects.toThrow(/no original stored/);
      expect(await s.has('f'.repeat(32))).toBe(false);
    });
  });
}

storeContract('memory', (now) => createStore(createStorage(), { now }), () => {});

const dir = mkdtempSync(join(tmpdir(), 'headroom-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
storeContract('fs', (now) => createLocalStore({ base: join(dir, 'contract'), now }), () => {});

describe('expiry and eviction', () => {
  it('expires entries after the TTL', async () => {
    const c = clock();
    const s = createStore(createStorage(), { ttlSeconds: 60, now: c.now });
    const id = await s.putOriginal('short-lived');
    c.advance(59_000);
    expect(await s.getOriginal(id)).toBe('short-lived');
    c.advance(2_000);
    await expect(s.getOriginal(id)).rejects.toThrow(/expired/);
  });

  it('evicts oldest first past the size cap on sweep', async () => {
    const c = clock();
    const s = createStore(createStorage(), { maxBytes: 25, sweepEvery: 1_000, now: c.now });
    const ids: string[] = [];
    for (const t of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc', 'dddddddddd']) {
      ids.push(await s.putOriginal(t));
      c.advance(1000);
    }
    expect(await s.sweep()).toBe(2);
    expect(await s.has(ids[0]!)).toBe(false);
    expect(await s.has(ids[1]!)).toBe(false);
    expect(await s.getOriginal(ids[3]!)).toBe('dddddddddd');
  });

  it('keeps fs entries across store instances (a restarted process)', async () => {
    const base = join(dir, 'restart');
    const id = await createLocalStore({ base }).putOriginal('survives restarts');
    expect(await createLocalStore({ base }).getOriginal(id)).toBe('survives restarts');
  });
});

describe('data dir', () => {
  it('honours HEADROOM_HOME, then XDG_DATA_HOME', () => {
    expect(dataDir({ HEADROOM_HOME: '/h' })).toBe('/h');
    expect(dataDir({ XDG_DATA_HOME: '/x' })).toBe('/x/headroom');
    expect(dataDir({ HOME: '/home/u' })).toMatch(/\.local\/share\/headroom$/);
  });
});
