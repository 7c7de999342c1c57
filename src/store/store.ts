/**
 * Typed facade over an unstorage `Storage` for the originals behind lossy output (CCR). Content-addressed by SHA-256
 * (same text → same id, so puts are idempotent), each entry carries its own expiry so drivers without native TTLs
 * (fs, memory) still expire, and a size cap evicts oldest entries first.
 */
import type { Storage } from 'unstorage';
import { contentId } from '../ccr/id.ts';
import { ID_PATTERN } from '../ccr/marker.ts';
import { NotFoundError, StoreError } from '../errors.ts';
import { createSweeper, statEntry } from './sweeper.ts';

export interface StoreOptions {
  /** Key prefix, e.g. a tenant; ids are only visible within their namespace. */
  namespace?: string;
  /** Time to live of an original, in seconds. */
  ttlSeconds?: number;
  /** Total bytes of originals kept before the oldest are evicted. */
  maxBytes?: number;
  /** A sweep (expiry + size cap) runs in the background after this many puts… */
  sweepEvery?: number;
  /** …and no sooner than this long after the previous one (ms). */
  sweepIntervalMs?: number;
  now?: () => number;
}

export interface OriginalMeta {
  kind?: string;
  toolName?: string;
}

interface Entry extends OriginalMeta {
  v: 1;
  created: number;
  expires: number;
  bytes: number;
  text: string;
}

export interface Store {
  /** Stores `text` under its content id and returns the id. `knownId` skips re-hashing when the caller has it. */
  putOriginal(text: string, meta?: OriginalMeta, knownId?: string): Promise<string>;
  /** The original text, or a NotFoundError for an unknown, malformed or expired id. */
  getOriginal(id: string): Promise<string>;
  has(id: string): Promise<boolean>;
  /**
   * Drops expired entries, then the oldest until the total is under the cap. Returns how many were removed.
   * Joins a sweep already running rather than starting a second.
   */
  sweep(): Promise<number>;
}

export const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** UTF-8 size without encoding a copy of a multi-MB string. */
function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

export function createStore(storage: Storage, opts: StoreOptions = {}): Store {
  const ns = opts.namespace ? `${opts.namespace}:` : '';
  const base = `${ns}originals`;
  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const sweepEvery = opts.sweepEvery ?? 500;
  const now = opts.now ?? (() => Date.now());
  const key = (id: string) => `${base}:${id}`;

  async function read(id: string): Promise<Entry | null> {
    let raw: unknown;
    try {
      raw = await storage.getItem(key(id));
    } catch (cause) {
      throw new StoreError(`could not read ${id}`, cause);
    }
    if (raw === null || raw === undefined) return null;
    const entry = (typeof raw === 'string' ? safeParse(raw) : raw) as Entry | null;
    if (!entry || entry.v !== 1 || typeof entry.text !== 'string') return null;
    return entry;
  }

  /** Age and size per entry: fs answers from a stat; other drivers from the entry itself. */
  async function describe(k: string): Promise<{ created: number; expires: number; bytes: number } | null> {
    const meta = await statEntry(storage, k);
    if (meta) return { created: meta.mtime, expires: meta.mtime + ttl * 1000, bytes: meta.size };
    const entry = await read(k.slice(k.lastIndexOf(':') + 1));
    return entry && { created: entry.created, expires: entry.expires, bytes: entry.bytes };
  }

  async function sweep(): Promise<number> {
    const keys = await storage.getKeys(base);
    const live: { k: string; created: number; bytes: number }[] = [];
    let removed = 0;
    const t = now();
    for (const k of keys) {
      const entry = await describe(k);
      if (!entry || entry.expires <= t) {
        await storage.removeItem(k);
        removed++;
      } else live.push({ k, created: entry.created, bytes: entry.bytes });
    }
    let total = live.reduce((s, e) => s + e.bytes, 0);
    live.sort((a, b) => a.created - b.created || (a.k < b.k ? -1 : 1));
    for (const e of live) {
      if (total <= maxBytes) break;
      await storage.removeItem(e.k);
      total -= e.bytes;
      removed++;
    }
    return removed;
  }
  const sweeper = createSweeper(sweep, { every: sweepEvery, minIntervalMs: opts.sweepIntervalMs ?? 60_000, now });

  const store: Store = {
    async putOriginal(text, meta = {}, knownId) {
      const id = knownId ?? (await contentId(text));
      const t = now();
      const entry: Entry = { v: 1, created: t, expires: t + ttl * 1000, bytes: utf8Length(text), ...meta, text };
      try {
        await storage.setItem(key(id), JSON.stringify(entry), { ttl });
      } catch (cause) {
        throw new StoreError(`could not store original ${id}`, cause);
      }
      sweeper.wrote();
      return id;
    },

    async getOriginal(id) {
      if (!ID_PATTERN.test(id)) throw new NotFoundError(`"${id}" is not a headroom id (expected 32 hex characters)`);
      const entry = await read(id);
      if (!entry) throw new NotFoundError(`no original stored under id ${id} (unknown, evicted or expired)`);
      if (entry.expires <= now()) {
        await storage.removeItem(key(id));
        throw new NotFoundError(`the original for id ${id} expired`);
      }
      return entry.text;
    },

    async has(id) {
      if (!ID_PATTERN.test(id)) return false;
      const entry = await read(id);
      return entry !== null && entry.expires > now();
    },

    sweep: () => sweeper.run(),
  };
  return store;
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
