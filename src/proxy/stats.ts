/**
 * The request ledger: one record per proxied request, plus running totals, kept in the shared storage so they
 * survive restarts. Our compression savings and the provider's cache discounts are separate fields, never summed.
 */
import type { Storage } from 'unstorage';
import type { BlockStats } from '../compress-body.ts';
import { EMPTY_USAGE, type Usage } from './usage.ts';

export interface RequestRecord {
  id: string;
  time: number;
  provider: string;
  path: string;
  model?: string;
  stream: boolean;
  status: number;
  /** o200k tokens of the tool output we examined, before and after compression. */
  tokensBefore: number;
  tokensAfter: number;
  compressMs: number;
  upstreamMs: number;
  /** What the provider reported (after our compression); cache reads are the provider's discount, not ours. */
  usage: Usage;
  completed: boolean;
  bypass: boolean;
  blocks: BlockStats[];
  ids: string[];
  error?: string;
}

export interface Totals {
  requests: number;
  compressedRequests: number;
  tokensBefore: number;
  tokensAfter: number;
  usage: Usage;
  errors: number;
  since: number;
}

export interface StatsLedger {
  record(r: RequestRecord): Promise<void>;
  totals(): Promise<Totals>;
  recent(limit?: number): Promise<RequestRecord[]>;
  get(id: string): Promise<RequestRecord | undefined>;
}

const RECENT = 200;

export function createStatsLedger(storage: Storage, now: () => number, ttlSeconds = 30 * 24 * 3600): StatsLedger {
  let totals: Totals | undefined;
  const recent: RequestRecord[] = [];
  let chain: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Totals> {
    if (!totals) {
      const saved = await storage.getItem<Totals>('stats:totals');
      totals = saved && typeof saved === 'object' && typeof saved.requests === 'number'
        ? saved
        : { requests: 0, compressedRequests: 0, tokensBefore: 0, tokensAfter: 0, usage: EMPTY_USAGE, errors: 0, since: now() };
    }
    return totals;
  }

  return {
    record(r) {
      // Serialised so concurrent requests never lose an update of the totals.
      const next = chain.then(async () => {
        const t = await load();
        totals = {
          ...t,
          requests: t.requests + 1,
          compressedRequests: t.compressedRequests + (r.tokensAfter < r.tokensBefore ? 1 : 0),
          tokensBefore: t.tokensBefore + r.tokensBefore,
          tokensAfter: t.tokensAfter + r.tokensAfter,
          usage: {
            input: t.usage.input + r.usage.input, output: t.usage.output + r.usage.output,
            cacheRead: t.usage.cacheRead + r.usage.cacheRead, cacheWrite: t.usage.cacheWrite + r.usage.cacheWrite,
          },
          errors: t.errors + (r.status >= 400 || r.error ? 1 : 0),
        };
        recent.push(r);
        if (recent.length > RECENT) recent.shift();
        await storage.setItem('stats:totals', totals);
        await storage.setItem(`stats:requests:${r.id}`, r, { ttl: ttlSeconds });
      });
      chain = next.catch(() => undefined);
      return next;
    },
    totals: () => chain.then(load),
    async recent(limit = 50) {
      await chain;
      return recent.slice(-limit).reverse();
    },
    async get(id) {
      const hit = recent.find((r) => r.id === id);
      if (hit) return hit;
      const saved = await storage.getItem<RequestRecord>(`stats:requests:${id}`);
      return saved && typeof saved === 'object' ? saved : undefined;
    },
  };
}
