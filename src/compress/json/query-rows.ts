/**
 * How well each row matches the user's question, via the shared BM25 (`scoreDocuments`). On big arrays running BM25
 * over every row dominates the cost (it splits every row into words), so there we first drop query words that occur
 * in most rows (their IDF is ~0: they cannot tell rows apart) and score only the rows that contain a remaining word
 * or an exact literal; the other rows would score 0 anyway.
 */
import { scoreDocuments } from '../relevance/bm25.ts';
import type { Query } from '../relevance/query.ts';
import type { RowTable } from './select-rows.ts';

// Up to this many rows BM25 runs on every row, exactly as specified.
const FULL_SCORING_ROWS = 1000;
const SAMPLE_ROWS = 400;
// A word in more than this share of sampled rows says nothing about which row the question is about.
const COMMON_SHARE = 0.5;

/** One score per row (0 = unrelated), or null when the deadline passed. */
export function queryScores(table: RowTable, query: Query, timeUp: () => boolean): Float64Array | null {
  const n = table.rowCount;
  const out = new Float64Array(n);
  if (query.terms.length === 0 && query.exact.length === 0) return out;
  if (n <= FULL_SCORING_ROWS) {
    const texts = new Array<string>(n);
    for (let r = 0; r < n; r++) texts[r] = table.rowText(r);
    if (timeUp()) return null;
    out.set(scoreDocuments(texts, query));
    return out;
  }

  // Which words are common: count them in an evenly spaced sample of rows.
  const step = n / SAMPLE_ROWS;
  const seen = new Array<number>(query.terms.length).fill(0);
  for (let k = 0; k < SAMPLE_ROWS; k++) {
    const text = table.rowText(Math.floor(k * step)).toLowerCase();
    query.terms.forEach((t, j) => {
      if (text.includes(t)) seen[j]!++;
    });
  }
  const terms = query.terms.filter((_, j) => seen[j]! <= SAMPLE_ROWS * COMMON_SHARE);
  if (terms.length === 0 && query.exact.length === 0) return out;
  const termRe = terms.length > 0 ? new RegExp(terms.map(escapeRegExp).join('|'), 'i') : null;
  const exactRe = query.exact.length > 0 ? new RegExp(query.exact.map(escapeRegExp).join('|')) : null;

  // Rows with a remaining word or an exact literal in any cell; BM25 then runs on those rows only.
  const rows: number[] = [];
  const hit = new Uint8Array(n);
  // A number cell can only match a word or literal that has a digit; most columns of big arrays are numbers.
  const digits = /\d/;
  const numericTerm = terms.some((t) => digits.test(t)) || query.exact.some((e) => digits.test(e));
  for (const col of table.columns) {
    if (timeUp()) return null;
    const values = col.values;
    for (let r = 0; r < n; r++) {
      if (hit[r]) continue;
      const cell = values[r];
      if (cell === undefined) continue;
      if (!numericTerm) {
        const c = cell.charCodeAt(0);
        if (c === 45 || (c >= 48 && c <= 57)) continue;
      }
      if ((termRe !== null && termRe.test(cell)) || (exactRe !== null && exactRe.test(cell))) hit[r] = 1;
    }
  }
  const docs: string[] = [];
  for (let r = 0; r < n; r++) {
    if (!hit[r]) continue;
    rows.push(r);
    docs.push(table.rowText(r));
  }
  // Empty documents stand in for the unmatched rows so IDF still sees the whole array's row count.
  for (let r = docs.length; r < n; r++) docs.push('');
  const scores = scoreDocuments(docs, { text: query.text, terms, exact: query.exact });
  rows.forEach((r, k) => {
    out[r] = scores[k] ?? 0;
  });
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
