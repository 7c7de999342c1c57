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
import { defaultMemoryStore } from './store/memory.ts';

export interface CompressOptions extends EngineOptions {
  /** Force the body format instead of detecting it. */
  provider?: ProviderName;
  /** Override the relevance query (default: the last text the user typed). */
  query?: string;
  /** Edit the caller's object instead of a copy (the proxy owns its parsed body, so it skips the clone). */
  inPlace?: boolean;
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
  if (candidates.length === 0) return { body, stats: { ...stats, ms: now() - started }, changed: false };

  const target = (options.inPlace ? body : structuredClone(body)) as T & Record<string, unknown>;
  const query = analyzeQuery(options.query ?? adapter.lastUserText(target));
  const engine: EngineOptions = { ...options, store: options.store ?? defaultMemoryStore() };
  let changed = false;
  for (const ref of adapter.toolOutputs(target)) {
    if (ref.frozen) continue;
    const original = ref.get();
    const r = await route(original, ref.hints, query, engine);
    if (r.text !== original) {
      ref.set(r.text);
      changed = true;
    }
    stats.tokensBefore += r.tokensBefore;
    stats.tokensAfter += r.tokensAfter;
    for (const id of r.ids) if (!stats.ids.includes(id)) stats.ids.push(id);
    stats.blocks.push({
      path: ref.path, toolName: ref.hints.toolName, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter,
      ids: r.ids, decisions: r.decisions,
    });
  }
  stats.ms = now() - started;
  return { body: changed ? target : body, stats, changed };
}
