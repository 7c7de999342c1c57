/**
 * The user's question, analysed once per request: content words for BM25 and "exact" tokens (ids, numbers, hosts,
 * paths, quoted strings) that must match verbatim. Compressors use it to keep what the question is about.
 */
import { STOPWORDS } from './stopwords.ts';

export interface Query {
  readonly text: string;
  /** Lower-cased content words (stopwords removed, de-duplicated, in first-seen order). */
  readonly terms: readonly string[];
  /** Case-sensitive literals that count as a match wherever they occur: numbers, ids, hosts, paths, quoted text. */
  readonly exact: readonly string[];
}

export const EMPTY_QUERY: Query = { text: '', terms: [], exact: [] };

const WORD = /[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]+)?/g;
const QUOTED = /"([^"\n]{2,200})"|'([^'\n]{2,200})'|`([^`\n]{2,200})`/g;
// Tokens with digits, dots, slashes, dashes, colons or underscores inside: hosts, versions, ids, paths, error codes.
const LITERAL = /[A-Za-z0-9][A-Za-z0-9_.:/@-]*[A-Za-z0-9]/g;

/** Splits identifiers the way code and logs write them: camelCase, snake_case, kebab-case. */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    out.push(w.toLowerCase());
    if (/[a-z][A-Z]|_/.test(w)) {
      for (const part of w.split(/_|(?<=[a-z0-9])(?=[A-Z])/)) if (part.length > 1) out.push(part.toLowerCase());
    }
  }
  return out;
}

export function analyzeQuery(text: string | undefined): Query {
  if (!text || text.trim() === '') return EMPTY_QUERY;
  const src = text.length > 4000 ? text.slice(-4000) : text;
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const w of splitWords(src)) {
    if (w.length < 2 || STOPWORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    terms.push(w);
  }
  const exact: string[] = [];
  const seenExact = new Set<string>();
  const addExact = (s: string) => {
    const t = s.trim();
    if (t.length >= 2 && !seenExact.has(t)) {
      seenExact.add(t);
      exact.push(t);
    }
  };
  for (const m of src.matchAll(QUOTED)) addExact(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of src.matchAll(LITERAL)) {
    const t = m[0];
    if (/[0-9]/.test(t) || /[._:/@-]/.test(t) || /[a-z][A-Z]/.test(t)) addExact(t);
  }
  return { text: src, terms, exact };
}
