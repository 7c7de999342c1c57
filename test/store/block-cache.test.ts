import { createStorage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { createBlockCache } from '../../src/store/block-cache.ts';

/** A storage that counts reads, so a test can tell a memory hit from a storage read. */
function countingStorage() {
  const storage = createStorage();
  let reads = 0;
  const getItem = storage.getItem.bind(storage);
  storage.getItem = ((key: string, opts?: unknown) => { reads++; return getItem(key, opts as never); }) as typeof storage.getItem;
  return { storage, reads: () => reads };
}

describe('block cache', () => {
  it('keeps at most memoryChars of text in memory, least recently used out first, the rest from storage', async () => {
    const { storage, reads } = countingStorage();
    const cache = createBlockCache(storage, { memoryChars: 3_000 });
    await cache.set('a', 'a'.repeat(1_000));
    await cache.set('b', 'b'.repeat(1_000));
    await cache.set('c', 'c'.repeat(1_000));
    expect(await cache.get('a')).toBe('a'.repeat(1_000)); // a is now the most recent
    expect(reads()).toBe(0);
    await cache.set('d', 'd'.repeat(1_000)); // over budget: b (least recent) leaves memory
    expect(await cache.get('c')).toBe('c'.repeat(1_000));
    expect(reads()).toBe(0);
    expect(await cache.get('b')).toBe('b'.repeat(1_000)); // from storage, never lost
    expect(reads()).toBe(1);
  });

  it('serves a text larger than the whole budget from storage, without evicting the others', async () => {
    const { storage, reads } = countingStorage();
    const cache = createBlockCache(storage, { memoryChars: 1_000 });
    await cache.set('small', 's'.repeat(500));
    await cache.set('huge', 'h'.repeat(5_000));
    expect(await cache.get('huge')).toBe('h'.repeat(5_000));
    expect(reads()).toBe(1);
    expect(await cache.get('small')).toBe('s'.repeat(500));
    expect(reads()).toBe(1);
    expect(await cache.get('missing')).toBeUndefined();
  });

  it('re-setting a key replaces its text and its size', async () => {
    const cache = createBlockCache(createStorage(), { memoryChars: 1_000 });
    await cache.set('k', 'x'.repeat(900));
    await cache.set('k', 'y'.repeat(900));
    await cache.set('j', 'z'.repeat(100));
    expect(await cache.get('k')).toBe('y'.repeat(900));
    expect(await cache.get('j')).toBe('z'.repeat(100));
  });
});
