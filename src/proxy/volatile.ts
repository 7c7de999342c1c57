/**
 * Volatile tokens: text that differs on every run (timestamps, dates, UUIDs, request ids, hashes, epochs), and the
 * line fingerprints the cache aligner keeps so it can later say exactly where a prefix changed without storing it.
 */
import { hash53 } from './hash.ts';

export type VolatileKind = 'timestamp' | 'date' | 'time' | 'uuid' | 'request-id' | 'epoch' | 'hash';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?';

/** Order matters: at one position the first alternative that matches wins (a UUID is not read as a hash). */
const PATTERNS: readonly (readonly [VolatileKind, string])[] = [
  ['uuid', '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'],
  ['timestamp', '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?'],
  ['date', `\\d{4}-\\d{2}-\\d{2}|\\d{4}/\\d{2}/\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4}|(?:${DAY} )?${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|\\d{1,2} ${MONTH} \\d{4}`],
  ['time', '\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?'],
  ['request-id', '(?:req|request|msg|toolu|call|resp|chatcmpl|run|sess|session|trace|span)[_-][A-Za-z0-9]{8,}'],
  // Unix seconds or milliseconds from 2017 to 2033.
  ['epoch', '1[5-9]\\d{8}(?:\\d{3})?'],
  ['hash', '[0-9a-f]{7,64}'],
];

const SCAN = new RegExp(`\\b(?:${PATTERNS.map(([, p]) => `(${p})`).join('|')})\\b`, 'g');

export interface VolatileMatch {
  index: number;
  kind: VolatileKind;
  value: string;
}

/** Every volatile token in `text`, in order. A "hash" needs both a digit and a letter (so words and numbers are not). */
export function volatileMatches(text: string): VolatileMatch[] {
  const out: VolatileMatch[] = [];
  for (const m of text.matchAll(SCAN)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const kind = PATTERNS[group - 1]![0];
    if (kind === 'hash' && !(/\d/.test(m[0]) && /[a-f]/.test(m[0]))) continue;
    out.push({ index: m.index, kind, value: m[0] });
  }
  return out;
}

/** One line of a field: the hash of its text with volatile tokens masked, and those tokens (column, kind, value). */
export type LinePrint = readonly [skeleton: string, tokens: readonly (readonly [number, VolatileKind, string])[]];

export interface LineInfo {
  start: number;
  print: LinePrint;
}

/** Splits a field into lines and fingerprints each; equal skeletons mean "same line up to volatile tokens". */
export function linePrints(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const tokens = volatileMatches(line).map((m) => [m.index, m.kind, m.value] as const);
    let skeleton = '';
    let at = 0;
    for (const [col, kind, value] of tokens) {
      skeleton += `${line.slice(at, col)}\u0000${kind}`;
      at = col + value.length;
    }
    skeleton += line.slice(at);
    out.push({ start, print: [hash53(skeleton), tokens] });
    start += line.length + 1;
  }
  return out;
}
