/**
 * Tenant isolation by storage prefix: each tenant's CCR originals, block cache, stats and memory live under
 * `tenants:<name>:` of the shared storage, so another tenant's id is simply not there (404, exactly like an unknown
 * id). Each key writes its own stats shard (per process), which gives per-key usage and daily budgets for free.
 */
import { prefixStorage, type Storage } from 'unstorage';
import { HeadroomError } from '../errors.ts';
import type { Platform } from '../platform.ts';
import { normalise, type Totals } from '../proxy/stats.ts';
import { mergeTotals, readShards, shardName } from '../proxy/stats-shards.ts';
import type { KeyEntry, KeyTable } from './keys.ts';

export interface TenantsOptions<D> {
  platform: Platform;
  keys: KeyTable;
  /** This process's name among the processes sharing the storage (its stats shards carry it). */
  instance: string;
  /** Builds one key's handler state over its tenant's platform (storage prefixed), writing stats to `shard`. */
  make: (platform: Platform, shard: string) => D;
}

export interface KeyUsage {
  id: string;
  tenant: string;
  admin: boolean;
  budgetPerDay?: number;
  /** Provider tokens today (UTC): prompt + output, cache reads and writes included, summed over every process. */
  usedToday: number;
}

export interface Tenants<D> {
  depsFor(entry: KeyEntry): D;
  usage(entry: KeyEntry): Promise<KeyUsage>;
  /** One key's own totals (all processes); the caller must be that key or an admin. */
  keyStats(caller: KeyEntry, id: string): Promise<{ key: KeyUsage; totals: Totals }>;
  overBudget(entry: KeyEntry): Promise<boolean>;
}

export const tenantStorage = (storage: Storage, tenant: string): Storage => prefixStorage(storage, `tenants:${tenant}`);

class KeyStatsError extends HeadroomError {
  constructor(message: string, status: number) {
    super(status === 403 ? 'permission_error' : 'not_found', `headroom gateway: ${message}`, { status });
    this.name = 'KeyStatsError';
  }
}

export function createTenants<D>(opts: TenantsOptions<D>): Tenants<D> {
  const { platform, instance } = opts;
  const built = new Map<string, D>();
  const storageOf = (entry: KeyEntry) => tenantStorage(platform.storage, entry.tenant);
  const ownShard = (entry: KeyEntry) => shardName(entry.id);

  async function totalsOf(entry: KeyEntry): Promise<Totals> {
    const mine = ownShard(entry);
    const parts = await readShards(storageOf(entry), (shard) => shard.split('+').at(-1) === mine);
    return normalise(mergeTotals(parts), platform.now());
  }

  async function usageOf(entry: KeyEntry, totals?: Totals): Promise<KeyUsage> {
    const t = totals ?? (await totalsOf(entry));
    const u = t.byDay[new Date(platform.now()).toISOString().slice(0, 10)]?.usage;
    return {
      id: entry.id, tenant: entry.tenant, admin: entry.admin,
      ...(entry.budgetPerDay !== undefined ? { budgetPerDay: entry.budgetPerDay } : {}),
      usedToday: u ? u.input + u.output + u.cacheRead + u.cacheWrite : 0,
    };
  }

  return {
    depsFor(entry) {
      let d = built.get(entry.id);
      if (!d) {
        d = opts.make({ ...platform, storage: storageOf(entry) }, shardName(instance, entry.id));
        built.set(entry.id, d);
      }
      return d;
    },
    usage: (entry) => usageOf(entry),
    async keyStats(caller, id) {
      if (caller.id !== id && !caller.admin) throw new KeyStatsError('only an admin key may read another key\'s stats', 403);
      const entry = opts.keys.byId(id);
      if (!entry) throw new KeyStatsError(`no key with id "${id}"`, 404);
      const totals = await totalsOf(entry);
      return { key: await usageOf(entry, totals), totals };
    },
    async overBudget(entry) {
      if (entry.budgetPerDay === undefined) return false;
      return (await usageOf(entry)).usedToday >= entry.budgetPerDay;
    },
  };
}
