/**
 * Remembers what each tool output became the first time it was sent, so later turns send exactly the same bytes
 * (the provider's prompt cache covers them) even though the relevance query has changed since. Keys are
 * content hashes scoped to a session; a small in-process LRU sits in front of the shared storage.
 */
import type { Storage } from 'unstorage';

export interface BlockCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, text: string): Promise<void>;
}

export interface BlockCacheOptions {
  ttlSeconds?: number;
  /**
   * Characters of cached text kept in process memory in front of the storage (least recently used go first).
   * Bounded by size, not entry count: one compressed block can be a few hundred bytes or a megabyte.
   */
  memoryChars?: number;
  namespace?: string;
}

export function createBlockCache(storage: Storage, opts: BlockCacheOptions = {}): BlockCache {
  const ttl = opts.ttlSeconds ?? 24 * 3600;
  const max = opts.memoryChars ?? 8 * 1024 * 1024;
  const prefix = `${opts.namespace ? `${opts.namespace}:` : ''}blocks:`;
  const lru = new Map<string, string>();
  let chars = 0;
  const remember = (key: string, text: string) => {
    const old = lru.get(key);
    if (old !== undefined) {
      lru.delete(key);
      chars -= old.length;
    }
    // A text larger than the whole budget is served from storage only.
    if (text.length > max) return;
    lru.set(key, text);
    chars += text.length;
    for (const [k, v] of lru) {
      if (chars <= max) break;
      lru.delete(k);
      chars -= v.length;
    }
  };
  return {
    async get(key) {
      const hit = lru.get(key);
      if (hit !== undefined) {
        remember(key, hit);
        return hit;
      }
      const raw = await storage.getItem<{ t: string }>(prefix + key);
      if (raw && typeof raw === 'object' && typeof raw.t === 'string') {
        remember(key, raw.t);
        return raw.t;
      }
      return undefined;
    },
    async set(key, text) {
      remember(key, text);
      // Wrapped in an object so unstorage never re-types text that happens to look like JSON.
      await storage.setItem(prefix + key, { t: text }, { ttl });
    },
  };
}
