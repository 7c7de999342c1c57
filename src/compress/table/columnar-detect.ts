/**
 * Sniffs whitespace-aligned command output from a prefix: `ls -l` rows (a mode string and a link count), `total N`,
 * `du` rows, a known tool header (ps, top, kubectl, docker, df, netstat/ss, npm outdated, pip list), and the command
 * hint. Scores stay in 0.7–0.85 so that a confident log, diff, search or JSON detection still wins.
 */
import type { Hints } from '../types.ts';
import { COLUMNAR_COMMAND, DASH_RULE, DU_ROW, headerKind, LS_PREFIX, LS_TOTAL } from './columnar-shapes.ts';

const SAMPLE_CHARS = 8192;
const SAMPLE_LINES = 40;
const HEADER_SEARCH_LINES = 12;

export function detectColumnar(text: string, hints: Hints): number {
  const head = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const raw = head.split('\n', SAMPLE_LINES + 1);
  // The last line of a cut sample is probably partial.
  if (text.length > head.length && raw.length > 1) raw.pop();
  const lines = raw.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const byCommand = hints.command !== undefined && COLUMNAR_COMMAND.test(hints.command.trim());

  let ls = 0;
  let du = 0;
  let frame = 0; // `dir:` headers, `total N`, blank lines: part of ls output, neither for nor against
  let other = 0;
  for (const l of lines) {
    if (LS_PREFIX.test(l)) ls++;
    else if (DU_ROW.test(l)) du++;
    else if (l === '' || LS_TOTAL.test(l) || (l.endsWith(':') && !l.includes(' '))) frame++;
    else other++;
  }
  const content = ls + du + other;
  let score = 0;
  if (ls >= 2 && ls >= content * 0.8) score = 0.85;
  else if (ls >= 2 && ls >= content * 0.5) score = 0.7;
  else if (du >= 3 && du >= content * 0.9) score = byCommand ? 0.85 : 0.7;
  else {
    const h = headerScore(lines);
    if (h > 0) score = h;
  }
  // The command only confirms a shape: `ls` without -l or `kubectl get -o json` are not tables.
  if (score > 0 && byCommand) score = Math.min(0.85, score + 0.05);
  return score;
}

/** A known header within the first lines, followed by rows with a similar number of fields. */
function headerScore(lines: readonly string[]): number {
  for (let i = 0; i < lines.length && i < HEADER_SEARCH_LINES; i++) {
    const line = lines[i]!;
    if (headerKind(line) === null) continue;
    let first = i + 1;
    if (/^Package +Version\b/.test(line) && !/\bCurrent\b/.test(line)) {
      if (!DASH_RULE.test(lines[first] ?? '')) return 0;
      first++;
    }
    const fields = line.trim().split(/ +/).length;
    let rows = 0;
    let good = 0;
    for (let k = first; k < lines.length && rows < 20; k++) {
      const l = lines[k]!;
      if (l.trim() === '') break;
      rows++;
      // Multi-word headers (`CONTAINER ID`) and multi-word cells (`Up 2 hours`) blur the count; half to double is fine.
      const f = l.trim().split(/ +/).length;
      if (f * 2 >= fields && f <= fields * 3) good++;
    }
    if (rows === 0) return 0;
    return good >= rows * 0.8 ? 0.85 : 0.5;
  }
  return 0;
}
