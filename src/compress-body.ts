/**
 * `compress(body)`: finds the tool output in an Anthropic Messages, OpenAI Chat or OpenAI Responses request body and
 * compresses it in place through the provider's visitor. Everything that is not tool output keeps its exact value
 * and position; a body with nothing to compress comes back as the very same object.
 */
import type { EngineOptions } from './compress/pipeline.ts';
import type { Decision } from './compress/pipeline.ts';
import { analyzeQuery } from './compress/relevance/query.ts';
import { route } from './compress/router/route.ts';
import { InvalidInputError } from './errors.ts';
import { detectProvider, PROVIDERS } from './providers/registry.ts';
import { isObject, type ProviderName } from './providers/types.ts';
import { contentId } from './ccr/id.ts';
import type { BlockCache } from './store/block-cache.ts';
import { defaultMemoryStore } from './store/memory.ts';

export interface CompressOptions extends EngineOptions {
  /** Force the body format instead of detecting it. */
  provider?: ProviderName;
  /** Override the relevance query (default: the last text the user typed). */
  query?: string;
  /** Edit the caller's object instead of a copy (the proxy owns its parsed body, so it skips the clone). */
  inPlace?: boolean;
  /**
   * Cache-safe mode (the proxy): a tool output seen before is sent exactly as it was the first time; only outputs
   * new in this request (the live zone) are compressed; older outputs never seen are left unchanged.
   */
  cache?: { blocks: BlockCache; scope: string };
}

export interface BlockStats {
  /** JSON path of the tool output, e.g. `messages[3].content[0].content`. */
  path: string;
  toolName?: string;
  tokensBefore: number;
  tokensAfter: number;
  ids: string[];
  decisions: Decision[];
}

export interface CompressStats {
  provider: ProviderName;
  /** Tokens of the tool output examined (the denominator of every saving we report), o200k. */
  tokensBefore: number;
  tokensAfter: number;
  /** 'estimate' when called with `countTokens: false`. */
  tokenCount: 'exact' | 'estimate';
  blocks: BlockStats[];
  ids: string[];
  ms: number;
}

export interface CompressResult<T> {
  body: T;
  stats: CompressStats;
  /** True when at least one block changed. */
  changed: boolean;
  /** The texts behind `stats.blocks` (same order; null for blocks not examined), for counting exactly later. */
  texts: ({ before: string; after: string; exact?: { before: number; after: number } } | null)[];
}

/**
 * Replaces estimated token figures with exact o200k counts. The proxy compresses with `countTokens: false` so the
 * request is not held up by tokenizing, and calls this once the response has been streamed. `count` may decline a
 * text (undefined: too long to be worth counting); that block keeps its estimate and the result says 'estimate'.
 */
export async function countExactly(
  stats: CompressStats,
  texts: CompressResult<unknown>['texts'],
  count: (t: string) => number | undefined | Promise<number | undefined>,
): Promise<CompressStats> {
  if (stats.tokenCount === 'exact') return stats;
  let tokensBefore = 0;
  let tokensAfter = 0;
  let estimated = false;
  const blocks: BlockStats[] = [];
  for (const [i, b] of stats.blocks.entries()) {
    const t = texts[i];
    if (!t) { // not examined: nothing to count
      blocks.push(b);
      continue;
    }
    // Counts already taken for the gain decision are exact; only the rest is tokenized here.
    const before = t.exact?.before ?? await count(t.before);
    const after = t.exact?.after ?? (t.after === t.before ? before : await count(t.after));
    if (before === undefined || after === undefined) {
      estimated = true;
      tokensBefore += b.tokensBefore;
      tokensAfter += b.tokensAfter;
      blocks.push(b);
      continue;
    }
    tokensBefore += before;
    tokensAfter += after;
    blocks.push({ ...b, tokensBefore: before, tokensAfter: after });
  }
  return { ...stats, tokensBefore, tokensAfter, blocks, tokenCount: estimated ? 'estimate' : 'exact' };
}

export async function compress<T>(body: T, options: CompressOptions = {}): Promise<CompressResult<T>> {
  if (!isObject(body)) throw new InvalidInputError('request body must be a JSON object');
  const adapter = options.provider ? PROVIDERS[options.provider] : detectProvider(body);
  if (!adapter) {
    throw new InvalidInputError('not an Anthropic Messages, OpenAI Chat Completions or OpenAI Responses request body');
  }
  const now = options.now ?? (() => performance.now());
  const started = now();
  const stats: CompressStats = {
    provider: adapter.name, tokensBefore: 0, tokensAfter: 0,
    tokenCount: options.countTokens === false ? 'estimate' : 'exact', blocks: [], ids: [], ms: 0,
  };
  const candidates = adapter.toolOutputs(body).filter((r) => !r.frozen);
  if (candidates.length === 0) return { body, stats: { ...stats, ms: now() - started }, changed: false, texts: [] };

  const target = (options.inPlace ? body : cloneBody(body)) as T & Record<string, unknown>;
  const query = analyzeQuery(options.query ?? adapter.lastUserText(target));
  const engine: EngineOptions = { ...options, store: options.store ?? defaultMemoryStore() };
  let changed = false;
  const texts: CompressResult<T>['texts'] = [];
  // The same output can occur twice (an old copy and a live one); occurrences are numbered so each keeps its own
  // cache entry. Numbering is stable because conversations only grow at the end.
  const occurrences = new Map<string, number>();
  for (const ref of adapter.toolOutputs(target)) {
    if (ref.frozen) continue;
    const original = ref.get();
    let r: Routed;
    if (options.cache) {
      const hash = await contentId(original);
      const n = occurrences.get(hash) ?? 0;
      occurrences.set(hash, n + 1);
      const key = `${options.cache.scope}:${hash}#${n}`;
      r = await cacheSafe(key, original, ref, options.cache.blocks, () => route(original, ref.hints, query, engine));
    } else r = await route(original, ref.hints, query, engine);
    if (r.text !== original) {
      ref.set(r.text);
      changed = true;
    }
    stats.tokensBefore += r.tokensBefore;
    stats.tokensAfter += r.tokensAfter;
    for (const id of r.ids) if (!stats.ids.includes(id)) stats.ids.push(id);
    texts.push(r.tokensBefore > 0 ? { before: original, after: r.text, ...(r.exact ? { exact: r.exact } : {}) } : null);
    stats.blocks.push({
      path: ref.path, toolName: ref.hints.toolName, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter,
      ids: r.ids, decisions: r.decisions,
    });
  }
  stats.ms = now() - started;
  return { body: changed ? target : body, stats, changed, texts };
}

type Routed = Awaited<ReturnType<typeof route>>;

/**
 * A deep copy for the caller who keeps their body. structuredClone recurses on the native stack and overflows on
 * deeply nested JSON (10,000 levels, found by fuzzing) that JSON itself handles; such a body is copied through JSON
 * (a request body is JSON anyway), and one too deep even for that is refused as invalid input.
 */
function cloneBody<T>(body: T): T {
  try {
    return structuredClone(body);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    try {
      return JSON.parse(JSON.stringify(body)) as T;
    } catch {
      throw new InvalidInputError('request body is nested too deeply to copy');
    }
  }
}

/** Earlier decisions win; the live zone is compressed and remembered; unseen older outputs stay as they are. */
async function cacheSafe(key: string, original: string, ref: { live: boolean }, blocks: BlockCache, run: () => Promise<Routed>): Promise<Routed> {
  const earlier = await blocks.get(key);
  const same = (text: string, reason: string): Routed => ({
    text, kind: 'text', tokensBefore: 0, tokensAfter: 0, lossy: false, ids: [],
    decisions: [{ kind: 'text', score: 0, outcome: 'skipped', reason, tokensBefore: 0, tokensAfter: 0, ms: 0 }],
  });
  if (earlier !== undefined) return same(earlier, 'sent before: reusing the bytes of the first time');
  if (!ref.live) {
    await blocks.set(key, original);
    return same(original, 'outside the live zone and not seen before: left as the provider may have cached it');
  }
  const r = await run();
  await blocks.set(key, r.text);
  return r;
}
