/**
 * Lines the user's question is about. A whole-text scan for the query's words finds candidate lines cheaply;
 * BM25 (the shared scorer) ranks only those, so a 10 MB log never gets split into 100k documents.
 */
import { scoreDocuments, topMatches } from '../relevance/bm25.ts';
import type { Query } from '../relevance/query.ts';
import type { LineIndex } from './lines.ts';
import { lineAt, markMatches } from './lines.ts';

/** Enough candidates to rank well; bounded so a query word found on every line stays cheap. */
const MAX_CANDIDATES = 4000;
/** A long question must not turn the candidate scan into a huge alternation over 10 MB. */
const MAX_WORDS = 24;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function relevantLines(idx: LineIndex, query: Query, k: number): number[] {
  if (k <= 0 || (query.terms.length === 0 && query.exact.length === 0)) return [];
  const hits = new Uint8Array(idx.count);
  const terms = query.terms.slice(0, MAX_WORDS);
  const exact = query.exact.slice(0, MAX_WORDS);
  if (terms.length > 0) markMatches(idx, new RegExp(terms.map(escape).join('|'), 'gi'), hits, 1);
  if (exact.length > 0) markMatches(idx, new RegExp(exact.map(escape).join('|'), 'g'), hits, 1);
  const lines: number[] = [];
  for (let i = 0; i < idx.count && lines.length < MAX_CANDIDATES; i++) if (hits[i]) lines.push(i);
  if (lines.length === 0) return [];
  const scores = scoreDocuments(
    lines.map((i) => lineAt(idx, i)),
    query,
  );
  return topMatches(scores, k).map((j) => lines[j]!);
}
