/**
 * What the prose compressor never drops. Dropping a negation inverts a sentence ("has no effect" → "has effect"),
 * dropping a quantifier or modal changes its strength ("must" → "", "only" → ""), so these are kept whatever a
 * scorer says. Numbers, identifiers, paths, URLs and flags never reach the scorer: only plain words are candidates.
 */
import type { Query } from '../relevance/query.ts';

/** Negations, quantifiers, modals, conditionals and contrast words: their loss changes what a sentence claims. */
export const MEANING_WORDS: ReadonlySet<string> = new Set([
  // negation
  'not', 'no', 'nor', 'never', 'none', 'nothing', 'nobody', 'nowhere', 'neither', 'without', 'except', 'excluding',
  'cannot', 'unless', 'against', 'fail', 'fails', 'failed', 'lack', 'lacks', 'missing', 'false', 'off', 'disable',
  'disabled', 'deny', 'denied', 'forbidden', 'prevent', 'prevents', 'instead', 'nevertheless',
  // quantifiers
  'only', 'all', 'every', 'each', 'any', 'some', 'few', 'many', 'most', 'more', 'less', 'least', 'fewer', 'several',
  'both', 'either', 'always', 'sometimes', 'often', 'rarely', 'seldom', 'once', 'twice',
  'even', 'still', 'already', 'yet', 'than', 'same', 'different', 'first', 'last', 'before', 'after', 'until',
  'above', 'below', 'under', 'over', 'between', 'within', 'outside', 'up', 'down', 'min', 'max', 'minimum', 'maximum',
  // comparatives and time relations ("larger than 8 MiB", "no longer runs while …")
  'larger', 'smaller', 'greater', 'higher', 'lower', 'faster', 'slower', 'earlier', 'later', 'longer', 'shorter',
  'bigger', 'better', 'worse', 'while', 'during', 'exactly', 'at',
  // spelled-out numbers are numbers
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty',
  'hundred', 'thousand', 'million', 'billion', 'half', 'double', 'triple', 'single', 'dozen',
  // modals and requirement
  'must', 'should', 'shall', 'may', 'might', 'can', 'could', 'would', 'will', 'need', 'needs', 'required',
  'requires', 'optional', 'optionally', 'recommended', 'deprecated',
  // conditionals and contrast
  'if', 'or', 'but', 'although', 'though', 'however', 'whether', 'otherwise', 'unlike', 'despite', 'because', 'since',
]);

/** True for a word (plain letters, possibly with one apostrophe) that must be kept. */
export function isProtectedWord(word: string, lower: string, query: Query): boolean {
  if (MEANING_WORDS.has(lower)) return true;
  // Every n't form: don't, isn't, won't, can't, shouldn't …
  if (lower.endsWith("n't") || lower.endsWith('n\u2019t')) return true;
  // Acronyms and mixed case (HTTP, JSON, iOS, JavaScript): names, not filler.
  if (word.length > 1 && hasInnerUpper(word)) return true;
  for (const t of query.terms) if (t === lower) return true;
  for (const e of query.exact) if (e === word) return true;
  return false;
}

function hasInnerUpper(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/**
 * Character ranges of a line that are kept verbatim: code spans, double-quoted and curly-quoted strings, and
 * single-quoted strings that open after a space or bracket (so apostrophes in "don't" are not taken for quotes).
 * Returned as a flat [start, end, start, end, …] list in ascending order.
 */
const QUOTED = /`[^`]*`|"[^"]*"|\u201c[^\u201d]*\u201d|(?<![A-Za-z0-9])'[^'\s][^']*'(?![A-Za-z0-9])|\[[^\]]*\]\([^)]*\)/g;

export function quotedRanges(line: string): number[] {
  const out: number[] = [];
  if (line.indexOf('`') < 0 && line.indexOf('"') < 0 && line.indexOf("'") < 0 && line.indexOf('\u201c') < 0 && line.indexOf('](') < 0) {
    return out;
  }
  for (const m of line.matchAll(QUOTED)) out.push(m.index, m.index + m[0].length);
  return out;
}
