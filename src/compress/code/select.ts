/**
 * Query-aware choice of which candidates keep their full text: bodies whose name (or enclosing class) the question
 * names come first, then the best BM25 matches of signature + body, within a budget of characters. Everything else
 * is elided. Deterministic: ties go to the earlier candidate.
 */
import { scoreDocuments } from '../relevance/bm25.ts';
import { splitWords, type Query } from '../relevance/query.ts';
import type { Candidate } from './scan.ts';

/** A name hit outranks any BM25 score. */
const NAME_HIT = 1000;

function namedBy(name: string, query: Query, terms: ReadonlySet<string>): boolean {
  if (name === '') return false;
  if (name.length >= 3 && query.text.includes(name)) return true;
  if (query.exact.includes(name)) return true;
  const words = splitWords(name);
  // The whole identifier, or (for compound names) all of its parts, must be asked about: "load" alone should not
  // keep every `loadX` body.
  if (words[0] !== undefined && terms.has(words[0])) return words.length === 1 || words.slice(1).every((w) => terms.has(w));
  return false;
}

/** Indices of candidates to keep in full. `budget` is in characters of kept text. */
export function chooseKept(candidates: readonly Candidate[], text: string, query: Query, budget: number): Set<number> {
  const kept = new Set<number>();
  if (candidates.length === 0 || (query.terms.length === 0 && query.exact.length === 0)) return kept;
  const terms = new Set(query.terms);
  const docs = candidates.map((c) => text.slice(c.defStart, c.end));
  const scores = scoreDocuments(docs, query);
  const ranked: Array<[number, number]> = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const hit = namedBy(c.name, query, terms) || namedBy(c.owner, query, terms);
    const rank = (hit ? NAME_HIT : 0) + (scores[i] ?? 0);
    if (rank > 0) ranked.push([i, rank]);
  }
  ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  let used = 0;
  for (const [i] of ranked) {
    const size = candidates[i]!.end - candidates[i]!.start;
    // The best match is kept even when it alone exceeds the budget: it is what the question is about.
    if (kept.size > 0 && used + size > budget) continue;
    kept.add(i);
    used += size;
  }
  return kept;
}
