/**
 * BM25 over a set of short documents (rows, lines, matches) against the analysed query, plus a bonus for exact
 * literals. Used to decide which rows/lines a lossy compressor keeps; deterministic, no globals.
 */
import type { Query } from './query.ts';
import { splitWords } from './query.ts';

const K1 = 1.2;
const B = 0.75;
const EXACT_BONUS = 5;

/** Returns one score per document; 0 means "nothing to do with the question". */
export function scoreDocuments(docs: readonly string[], query: Query): number[] {
  const scores = new Array<number>(docs.length).fill(0);
  if (docs.length === 0 || (query.terms.length === 0 && query.exact.length === 0)) return scores;
  const termSet = new Set(query.terms);
  const tfs: Map<string, number>[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const doc of docs) {
    const words = splitWords(doc);
    const tf = new Map<string, number>();
    for (const w of words) if (termSet.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    tfs.push(tf);
    lengths.push(words.length);
  }
  const avg = lengths.reduce((a, b) => a + b, 0) / docs.length || 1;
  const n = docs.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const tf = tfs[i]!;
    for (const [w, f] of tf) {
      const d = df.get(w) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      s += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * (lengths[i] ?? 0)) / avg));
    }
    const doc = docs[i]!;
    for (const e of query.exact) if (doc.includes(e)) s += EXACT_BONUS;
    scores[i] = s;
  }
  return scores;
}

/** Indices of the `k` best-scoring documents with a positive score, best first, ties broken by position. */
export function topMatches(scores: readonly number[], k: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((scores[i] ?? 0) > 0) idx.push(i);
  idx.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  return idx.slice(0, k);
}
