/**
 * The request ledger: one record per proxied request, plus running totals, kept in the shared storage so they
 * survive restarts. Our compression savings and the provider's cache discounts are separate fields, never summed.
 * Dollar figures are estimates from the pricing table in src/pricing/ (unknown models are counted as unpriced).
 */
import type { Storage } from 'unstorage';
import type { BlockStats } from '../compress-body.ts';
import { addCost, estimateCost, ZERO_COST, type CostEstimate } from '../pricing/index.ts';
import { volatileSpans, type PrefixCheck, type PrefixSpan } from './cache-aligner.ts';
import { EMPTY_USAGE, type Usage } from './usage.ts';
import { latestWriter } from './latest-writer.ts';
import { LEGACY_TOTALS, mergeTotals, readShards, shardKey } from './stats-shards.ts';

/** How long request records (and their stored diffs) are kept. */
export const RECORD_TTL_SECONDS = 30 * 24 * 3600;

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
  /** Present when some block was too long to count exactly (over 4 Mi chars): its figures are chars/4 estimates. */
  tokenCount?: 'estimate';
  compressMs: number;
  upstreamMs: number;
  /** What the provider reported (after our compression); cache reads are the provider's discount, not ours. */
  usage: Usage;
  completed: boolean;
  bypass: boolean;
  blocks: BlockStats[];
  ids: string[];
  error?: string;
  /** The cache aligner's comparison of the cacheable prefix with the previous request of the session. */
  prefix?: PrefixCheck;
  /** The client program, from the user-agent header (e.g. "claude-cli", "codex_cli_rs"). */
  agent?: string;
  /** Dollar estimates for this request; absent when the model is not in the pricing table. */
  cost?: CostEstimate;
}

/** Counters for one slice of traffic (all, one model, one UTC day). */
export interface Bucket {
  requests: number;
  compressedRequests: number;
  tokensBefore: number;
  tokensAfter: number;
  usage: Usage;
  errors: number;
  /** Compressors that threw or overran their budget (the block went out unchanged; the request was still served). */
  compressorErrors?: number;
  /** Dollar estimates summed over the priced requests (optional: totals saved by older versions lack them). */
  cost?: CostEstimate;
  /** Requests whose model is not in the pricing table (left out of `cost`). */
  unpriced?: number;
}

/** A volatile span the cache aligner saw, with the request it was seen in. */
export interface VolatileSighting {
  time: number;
  requestId: string;
  provider: string;
  model?: string;
  span: PrefixSpan;
}

export interface PrefixTotals {
  /** Requests compared with an earlier one of their session. */
  compared: number;
  /** ... whose prefix had changed, and of those, how many because of volatile tokens. */
  changed: number;
  volatile: number;
  /** The latest volatile spans, newest first. */
  recent: VolatileSighting[];
}

export interface Totals extends Bucket {
  since: number;
  byModel: Record<string, Bucket>;
  /** Keyed by UTC date, YYYY-MM-DD. */
  byDay: Record<string, Bucket>;
  /** Keyed by agent (see RequestRecord.agent; "(unknown)" without a user-agent). */
  byAgent?: Record<string, Bucket>;
  /** Per UTC day, per model and per agent, so a window (`headroom stats --since 7d --by model`) can be summed. */
  byDayModel?: Record<string, Record<string, Bucket>>;
  byDayAgent?: Record<string, Record<string, Bucket>>;
  prefix: PrefixTotals;
}

export interface StatsLedgerOptions {
  ttlSeconds?: number;
  /** Called once per recorded request (e.g. the Prometheus metrics). */
  onRecord?: (r: RequestRecord) => void;
  /**
   * Processes sharing one storage each pass their own shard name: this ledger then writes only its shard and
   * `totals()` sums every shard, so no process overwrites another's counts (see stats-shards.ts).
   */
  shard?: string;
}

export interface StatsLedger {
  record(r: RequestRecord): Promise<void>;
  totals(): Promise<Totals>;
  recent(limit?: number): Promise<RequestRecord[]>;
  get(id: string): Promise<RequestRecord | undefined>;
}

const RECENT = 200;
const DAYS = 90;
const SIGHTINGS = 20;

const emptyBucket = (): Bucket => ({
  requests: 0, compressedRequests: 0, tokensBefore: 0, tokensAfter: 0, usage: EMPTY_USAGE, errors: 0, compressorErrors: 0, cost: ZERO_COST, unpriced: 0,
});

/** How many compressor runs in the record failed open (threw, or overran their time budget). */
export function compressorErrorsOf(r: RequestRecord): number {
  let n = 0;
  for (const b of r.blocks) for (const d of b.decisions) if (d.outcome === 'error') n++;
  return n;
}

/** The client program from a user-agent header: its first product token without the version ("claude-cli/2.1 (…)" → "claude-cli"). */
export function agentFromUserAgent(ua: string | null | undefined): string | undefined {
  const token = ua?.trim().split(/\s+/)[0]?.split('/')[0];
  return token ? token.slice(0, 64) : undefined;
}

/** The record's cost: as recorded, else estimated from the pricing table (records from before pricing have none). */
export function costOf(r: RequestRecord): CostEstimate | undefined {
  return r.cost ?? estimateCost({ model: r.model, removed: Math.max(0, r.tokensBefore - r.tokensAfter), ...r.usage });
}

function add(b: Bucket | undefined, r: RequestRecord): Bucket {
  const t = b ?? emptyBucket();
  return {
    requests: t.requests + 1,
    compressedRequests: t.compressedRequests + (r.tokensAfter < r.tokensBefore ? 1 : 0),
    tokensBefore: t.tokensBefore + r.tokensBefore,
    tokensAfter: t.tokensAfter + r.tokensAfter,
    usage: {
      input: t.usage.input + r.usage.input, output: t.usage.output + r.usage.output,
      cacheRead: t.usage.cacheRead + r.usage.cacheRead, cacheWrite: t.usage.cacheWrite + r.usage.cacheWrite,
    },
    errors: t.errors + (r.status >= 400 || r.error ? 1 : 0),
    compressorErrors: (t.compressorErrors ?? 0) + compressorErrorsOf(r),
    cost: r.cost ? addCost(t.cost ?? ZERO_COST, r.cost) : (t.cost ?? ZERO_COST),
    unpriced: (t.unpriced ?? 0) + (r.cost ? 0 : 1),
  };
}

/** Adds one record to the bucket `key` of `day` in a per-day map, keeping the last DAYS days. */
function addDayKey(map: Record<string, Record<string, Bucket>> | undefined, day: string, key: string, r: RequestRecord) {
  const out = { ...map, [day]: { ...map?.[day], [key]: add(map?.[day]?.[key], r) } };
  for (const d of Object.keys(out).sort().slice(0, -DAYS)) delete out[d];
  return out;
}

function addPrefix(p: PrefixTotals, r: RequestRecord): PrefixTotals {
  if (!r.prefix || r.prefix.status === 'first') return p;
  const volatile = volatileSpans(r.prefix);
  const seen = volatile.map((span) => ({ time: r.time, requestId: r.id, provider: r.provider, model: r.model, span }));
  return {
    compared: p.compared + 1,
    changed: p.changed + (r.prefix.status === 'changed' ? 1 : 0),
    volatile: p.volatile + (volatile.length > 0 ? 1 : 0),
    recent: [...seen, ...p.recent].slice(0, SIGHTINGS),
  };
}

/** Totals saved by an older version lack the newer breakdowns; they start empty. */
export function normalise(saved: Partial<Totals>, since: number): Totals {
  return {
    ...emptyBucket(), ...saved, since: saved.since ?? since,
    byModel: saved.byModel ?? {}, byDay: saved.byDay ?? {}, byAgent: saved.byAgent ?? {},
    byDayModel: saved.byDayModel ?? {}, byDayAgent: saved.byDayAgent ?? {},
    prefix: saved.prefix ?? { compared: 0, changed: 0, volatile: 0, recent: [] },
  };
}

export function createStatsLedger(storage: Storage, now: () => number, opts: StatsLedgerOptions = {}): StatsLedger {
  const ttlSeconds = opts.ttlSeconds ?? RECORD_TTL_SECONDS;
  const totalsKey = opts.shard ? shardKey(opts.shard) : LEGACY_TOTALS;
  let totals: Totals | undefined;
  const recent: RequestRecord[] = [];
  let loaded: Promise<Totals> | undefined;
  const totalsWriter = latestWriter(async () => { if (totals) await storage.setItem(totalsKey, totals); });

  // Loaded once; every record's update then runs in the order records arrived (one promise, callbacks in order).
  const load = (): Promise<Totals> => (loaded ??= (async () => {
    const saved = await storage.getItem<Partial<Totals>>(totalsKey);
    totals = normalise(saved && typeof saved === 'object' && typeof saved.requests === 'number' ? saved : {}, now());
    return totals;
  })().catch((err: unknown) => { loaded = undefined; throw err; }));

  /** Adds one record to the in-memory totals (synchronous, so concurrent records never lose an update). */
  function apply(t: Totals, r: RequestRecord): Totals {
    const day = new Date(r.time).toISOString().slice(0, 10);
    const model = r.model ?? '(none)';
    const agent = r.agent ?? '(unknown)';
    const byDay = { ...t.byDay, [day]: add(t.byDay[day], r) };
    for (const d of Object.keys(byDay).sort().slice(0, -DAYS)) delete byDay[d];
    return {
      ...t, ...add(t, r),
      byModel: { ...t.byModel, [model]: add(t.byModel[model], r) },
      byDay,
      byAgent: { ...t.byAgent, [agent]: add(t.byAgent?.[agent], r) },
      byDayModel: addDayKey(t.byDayModel, day, model, r),
      byDayAgent: addDayKey(t.byDayAgent, day, agent, r),
      prefix: addPrefix(t.prefix, r),
    };
  }

  return {
    async record(input) {
      const cost = input.cost ?? costOf(input);
      const r = cost ? { ...input, cost } : input;
      opts.onRecord?.(r);
      await load();
      totals = apply(totals!, r);
      recent.push(r);
      if (recent.length > RECENT) recent.shift();
      // The record has its own key; the totals are written behind, coalesced (see latest-writer.ts).
      await Promise.all([totalsWriter.changed(), storage.setItem(`stats:requests:${r.id}`, r, { ttl: ttlSeconds })]);
    },
    async totals() {
      await load();
      if (!opts.shard) return totals!;
      await totalsWriter.idle();
      return normalise(mergeTotals(await readShards(storage)), now());
    },
    async recent(limit = 50) {
      await load();
      return Number.isFinite(limit) && limit > 0 ? recent.slice(-limit).reverse() : [];
    },
    async get(id) {
      const hit = recent.find((r) => r.id === id);
      if (hit) return hit;
      const saved = await storage.getItem<RequestRecord>(`stats:requests:${id}`);
      return saved && typeof saved === 'object' ? saved : undefined;
    },
  };
}
