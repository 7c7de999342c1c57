/** Sniffs JSON and NDJSON from a prefix: a parse of the whole only when it is small. */
import type { Detector, Hints } from '../types.ts';

// A whole-text parse costs ~5 ms per MB; above this size the brackets at both ends stand in for it.
const FULL_PARSE_LIMIT = 128 * 1024;
const SAMPLE_LINES = 8;
const JSON_PATH = /\.(?:json|jsonc|geojson|har)$/i;
const NDJSON_PATH = /\.(?:jsonl|ndjson)$/i;
// What may follow an opening bracket in JSON; "[INFO] …" or "[2024-…" log lines fail this.
const AFTER_BRACKET = /^\[\s*(?:[[{"\]]|-?\d|true\b|false\b|null\b)/;
const AFTER_BRACE = /^\{\s*(?:"|\})/;

export function detectJson(text: string, hints: Hints): number {
  const path = hints.path ?? '';
  const boost = JSON_PATH.test(path) || NDJSON_PATH.test(path) ? 0.04 : 0;
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  const first = text[start];
  if (first !== '{' && first !== '[') return 0;
  const head = text.slice(start, start + 64);
  if (!(first === '[' ? AFTER_BRACKET : AFTER_BRACE).test(head)) return 0;
  if (text.length <= FULL_PARSE_LIMIT) {
    if (parses(text)) return 0.95 + boost;
  } else {
    let end = text.length - 1;
    while (end > start && text.charCodeAt(end) <= 32) end--;
    if (text[end] === (first === '[' ? ']' : '}')) return 0.85 + boost;
  }
  return ndjsonLines(text, start) ? 0.9 + boost : 0;
}

/** The first lines (up to `SAMPLE_LINES`) each parse as an object or array. */
function ndjsonLines(text: string, start: number): boolean {
  let pos = start;
  let lines = 0;
  while (lines < SAMPLE_LINES && pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).trim();
    pos = nl + 1;
    if (line === '') continue;
    if ((line[0] !== '{' && line[0] !== '[') || !parses(line)) return false;
    lines++;
  }
  return lines >= 2;
}

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export const jsonDetector: Detector = { kind: 'json', detect: detectJson };
