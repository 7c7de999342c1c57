/**
 * Stats totals shared by several gateway processes. A read-modify-write of one totals item loses updates when two
 * processes record at once, and unstorage has no atomic increment; so each writer (process, or process + key) owns
 * one shard it alone writes, and totals are the sum of every shard in the storage.
 */
import type { Storage } from 'unstorage';
import type { Totals } from './stats.ts';

export const SHARD_BASE = 'stats:shards';
/** Totals written by a ledger without a shard (one process per storage: the local default). */
export const LEGACY_TOTALS = 'stats:totals';
/** Latest volatile-span sightings kept after a merge (as in the ledger). */
const SIGHTINGS = 20;

/** Storage keys hold no ':' or '/' (unstorage separators): a shard name is reduced to a safe alphabet. */
export function shardName(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, '-')).join('+');
}

export const shardKey = (shard: string) => `${SHARD_BASE}:${shard}`;

/** Every shard's totals (and the unsharded item, if any), optionally only shards whose name passes `filter`. */
export async function readShards(storage: Storage, filter: (shard: string) => boolean = () => true): Promise<Partial<Totals>[]> {
  const keys = (await storage.getKeys(SHARD_BASE)).filter((k) => filter(k.slice(k.lastIndexOf(':') + 1)));
  const parts = await Promise.all(keys.map((k) => storage.getItem<Partial<Totals>>(k)));
  const legacy = (await storage.getItem<Partial<Totals>>(LEGACY_TOTALS)) ?? undefined;
  if (legacy && filter('')) parts.push(legacy);
  return parts.filter((p): p is Partial<Totals> => !!p && typeof p === 'object' && typeof p.requests === 'number');
}

type Json = unknown;

/** Sums two totals field by field: numbers add (`since` takes the earliest), maps merge key by key, lists concatenate. */
function sum(a: Json, b: Json, key = ''): Json {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (typeof a === 'number' && typeof b === 'number') return key === 'since' ? Math.min(a, b) : a + b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const all = [...a, ...b] as { time?: number }[];
    return all.sort((x, y) => (y.time ?? 0) - (x.time ?? 0)).slice(0, key === 'recent' ? SIGHTINGS : all.length);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const out: Record<string, Json> = { ...(a as Record<string, Json>) };
    for (const [k, v] of Object.entries(b as Record<string, Json>)) out[k] = sum(out[k], v, k);
    return out;
  }
  return a;
}

export function mergeTotals(parts: readonly Partial<Totals>[]): Partial<Totals> {
  return parts.reduce<Partial<Totals>>((acc, p) => sum(acc, p) as Partial<Totals>, {});
}
