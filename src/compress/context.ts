/** Builds the context a compressor runs in; the pipeline and tests both use it. */
import { formatMarker } from '../ccr/marker.ts';
import { analyzeQuery, type Query } from './relevance/query.ts';
import type { CompressContext } from './types.ts';

export interface ContextOptions {
  query?: string | Query;
  /** Retrieval id of the original blob (the pipeline computes it from the content). */
  id?: string;
  budgetMs?: number;
  now?: () => number;
}

export const PLACEHOLDER_ID = '0'.repeat(32);

export function createContext(opts: ContextOptions = {}): CompressContext {
  const now = opts.now ?? (() => performance.now());
  const query = typeof opts.query === 'string' || opts.query === undefined ? analyzeQuery(opts.query) : opts.query;
  const id = opts.id ?? PLACEHOLDER_ID;
  return {
    query,
    marker: (summary) => formatMarker(summary, id),
    deadline: now() + (opts.budgetMs ?? 5000),
    now,
  };
}
