/**
 * Sniffs CSV/TSV (a delimiter with the same count on most sampled lines), markdown pipe tables, and whitespace-aligned
 * command output (ls -l, ps, kubectl, docker, df… — see columnar-detect.ts).
 */
import type { Detector, Hints } from '../types.ts';
import { detectColumnar } from './columnar-detect.ts';
import { sniffDelimiter } from './parse.ts';

const TABLE_PATH = /\.(?:csv|tsv|tab|psv)$/i;
const MD_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$/;
const SAMPLE_CHARS = 8192;
const SAMPLE_LINES = 20;

export function detectTable(text: string, hints: Hints): number {
  const byPath = TABLE_PATH.test(hints.path ?? '');
  const head = text.slice(0, SAMPLE_CHARS);
  const first = head.trimStart()[0];
  // JSON/NDJSON also has consistent commas; the JSON detector owns it.
  if (first === '{' || first === '[') return 0;
  const lines = head.split('\n').slice(0, SAMPLE_LINES).filter((l) => l.trim() !== '');
  if (lines.length === SAMPLE_LINES && text.length > SAMPLE_CHARS) lines.pop();
  for (let i = 1; i < lines.length && i < 10; i++) {
    if (MD_SEPARATOR.test(lines[i]!) && lines[i - 1]!.includes('|')) return i === 1 ? 0.9 : 0.75;
  }
  if (lines.length < 2) return 0;
  const d = sniffDelimiter(lines);
  if (d === null) return byPath ? 0.5 : 0;
  if (byPath) return 0.95;
  if (lines.length < 3) return 0.3;
  const per = lines[0]!.split(d).length - 1;
  // One comma per line is common in prose and logs ("10:00:00,123 INFO"); tabs and wide rows are tables.
  if (d === '\t') return per >= 2 ? 0.75 : 0.55;
  return per >= 3 ? 0.7 : per === 2 ? 0.55 : 0.35;
}

export const tableDetector: Detector = {
  kind: 'table',
  detect: (text: string, hints: Hints) => Math.max(detectTable(text, hints), detectColumnar(text, hints)),
};
