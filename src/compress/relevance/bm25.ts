/**
 * BM25 over a set of short documents (rows, lines, matches) against the analysed query, plus a bonus for exact
 * literals. Used to decide which rows/lines a lossy compressor keeps; deterministic, no globals.
 *
 * Speed matters (this runs over every line of multi-MB tool output): one case-insensitive scan finds the documents
 * that can match at all, and only those are split into words. Document length is measured in characters, which
 * keeps the normalisation without tokenising the documents that cannot score.
 */
import type { Query } from './query.ts';
import { splitWords } from './query.ts';

const K1 = 1.2;
const B = 0.75;
const EXACT_BONUS = 5;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Returns one score per document; 0 means "nothing to do with the question". */
export function scoreDocuments(docs: readonly string[], query: Query): number[] {
  const n = docs.length;
  const scores = new Array<number>(n).fill(0);
  if (n === 0 || (query.terms.length === 0 && query.exact.length === 0)) return scores;
  const termSet = new Set(query.terms);
  // Every word splitWords can yield for a term contains the term as a case-insensitive substring.
  const anyTerm = query.terms.length > 0 ? new RegExp(query.terms.map(escape).join('|'), 'i') : null;

  let totalChars = 0;
  for (const doc of docs) totalChars += doc.length;
  const avg = totalChars / n || 1;

  const candidates: number[] = [];
  const tfs: Map<string, number>[] = [];
  const df = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const doc = docs[i]!;
    if (!anyTerm || !anyTerm.test(doc)) continue;
    const tf = new Map<string, number>();
    for (const w of splitWords(doc)) if (termSet.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
    if (tf.size === 0) continue;
    for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    candidates.push(i);
    tfs.push(tf);
  }
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c]!;
    const norm = 1 - B + (B * docs[i]!.length) / avg;
    let s = 0;
    for (const [w, f] of tfs[c]!) {
      const d = df.get(w) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      s += (idf * f * (K1 + 1)) / (f + K1 * norm);
    }
    scores[i] = s;
  }
  if (query.exact.length > 0) {
    for (let i = 0; i < n; i++) {
      const doc = docs[i]!;
      for (const e of query.exact) if (doc.includes(e)) scores[i]! += EXACT_BONUS;
    }
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
