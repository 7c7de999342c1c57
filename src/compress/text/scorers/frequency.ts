/**
 * Frequency scorer: a word's self-information -log2 p(word) from a blended unigram table (everyday + technical
 * English). Rare words carry information, frequent ones ("the", "of", "is") are the first to go. Pure table lookups:
 * runs everywhere, incl. Workers, at many MB/s.
 */
import type { Candidate } from '../layout.ts';
import { SURPRISAL_BUCKETS } from './freq-table.ts';
import type { WordScorer } from './types.ts';

/** Surprisal of words missing from the table: rarer than anything in it. */
export const UNKNOWN_BITS = SURPRISAL_BUCKETS.length / 2 + 1;

let table: Map<string, number> | undefined;

/** The word → bits map, built on first use (≈40k entries) and shared: it is immutable. */
export function surprisalTable(): Map<string, number> {
  if (table) return table;
  const t = new Map<string, number>();
  SURPRISAL_BUCKETS.forEach((bucket, i) => {
    if (bucket) for (const w of bucket.split(' ')) t.set(w, i / 2);
  });
  table = t;
  return t;
}

export function surprisal(lower: string): number {
  const t = surprisalTable();
  const bits = t.get(lower);
  if (bits !== undefined) return bits;
  // Curly apostrophes are looked up as straight ones.
  if (lower.indexOf('\u2019') >= 0) return t.get(lower.replace('\u2019', "'")) ?? UNKNOWN_BITS;
  return UNKNOWN_BITS;
}

export function createFrequencyScorer(): WordScorer {
  return {
    name: 'frequency',
    score(_text: string, candidates: readonly Candidate[]) {
      const out = new Float64Array(candidates.length);
      for (let i = 0; i < candidates.length; i++) out[i] = surprisal((candidates[i] as Candidate).lower);
      return out;
    },
  };
}
