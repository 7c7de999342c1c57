/**
 * How sure we are that a blob is a log, build output or a test run. Looks at the command and tool that produced
 * it and at a sample of lines from the head and tail; scores low for what other compressors own: source code,
 * JSON, grep `path:line:content` output and unified diffs.
 */
import type { Detector, Hints } from '../types.ts';
import { LOG_FORMATS } from './formats.ts';

const SAMPLE_LINES = 60;
const SAMPLE_CHARS = 8000;

/** Commands whose output is a log, a build or a test run. */
const LOG_COMMAND =
  /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|build|install|i|ci|add|lint|typecheck)|npx\s+(?:jest|vitest|tsc|mocha|playwright)|pytest|py\.test|tox|cargo\s+(?:test|build|check|run|clippy|nextest)|go\s+(?:test|build|vet|run)|make|cmake|ninja|tail|journalctl|dmesg|kubectl\s+logs|docker\s+(?:compose\s+)?logs|jest|vitest|mocha|tsc|gradlew?|mvn|webpack|pip\s+install)\b/;
const LOG_PATH = /\.(?:log|out|err)(?:\.\d+)?$|(?:^|\/)(?:var\/log|logs?)\//;

/** A timestamp, level or access-log prefix at the start of a line. */
const LOG_LINE_START =
  /^(?:\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\[?\d\d:\d\d:\d\d\b|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{1,3}(?:\.\d{1,3}){3} \S+ \S+ \[|[IWEF]\d{4} \d\d:\d\d|\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\b|(?:level|time|ts)=|\d{10}(?:\.\d+)?\s|<\d{1,3}>)/;
// `{"` or `[{` / `["` / `[1,` — not a `[2024-01-01 …]` or `[INFO]` log prefix.
const JSON_START = /^(?:\{\s*(?:"|\})|\[\s*(?:[{["\]]|-?\d+(?:\.\d+)?\s*[,\]]))/;
// A path (it has a dot or slash and does not start with a digit, unlike a timestamp), a line number, a separator.
const GREP_LINE = /^(?=[^\s:]*[./])[A-Za-z_.~/-][^\s:]*:\d+[:-]/;
const DIFF = /^(?:diff --git |--- a\/|\+\+\+ b\/|@@ -\d+(?:,\d+)? \+\d+)/m;
const CODE_LINE =
  /^\s*(?:import\s|export\s|from\s\S+\simport|def\s|class\s|function\s|const\s|let\s|var\s|fn\s|pub\s|package\s|func\s|#include|public\s|private\s|return\b|if\s*\(|for\s*\(|\}|\{$)|[;{]\s*$/;

function sampleLines(text: string): string[] {
  const head = text.slice(0, SAMPLE_CHARS).split('\n', SAMPLE_LINES);
  const tail = text.length > SAMPLE_CHARS ? text.slice(-SAMPLE_CHARS / 2).split('\n').slice(1) : [];
  return [...head, ...tail.slice(-SAMPLE_LINES / 3)].filter((l) => l.trim() !== '');
}

function share(lines: readonly string[], re: RegExp): number {
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const l of lines) if (re.test(l)) hits++;
  return hits / lines.length;
}

function contentScore(text: string, lines: readonly string[]): number {
  const sample = text.length <= SAMPLE_CHARS * 2 ? text : `${text.slice(0, SAMPLE_CHARS)}\n${text.slice(-SAMPLE_CHARS)}`;
  if (LOG_FORMATS.some((f) => f.always !== true && f.signature?.test(sample))) return 0.85;
  const stamped = share(lines, LOG_LINE_START);
  if (stamped >= 0.5) return 0.9;
  if (stamped >= 0.2) return 0.6;
  return stamped > 0 ? 0.3 : 0.1;
}

/** Multiplier < 1 when the text looks like something another compressor owns. */
function otherKindPenalty(text: string, lines: readonly string[]): number {
  if (JSON_START.test(text.trimStart().slice(0, 200))) return 0.1;
  if (DIFF.test(text.slice(0, SAMPLE_CHARS))) return 0.15;
  if (share(lines, GREP_LINE) >= 0.6 && share(lines, /\berror\b|\bwarning\b/i) < 0.3) return 0.15;
  if (share(lines, CODE_LINE) >= 0.3 && share(lines, LOG_LINE_START) < 0.2) return 0.2;
  return 1;
}

export const logDetector: Detector = {
  kind: 'log',
  detect(text: string, hints: Hints): number {
    const lines = sampleLines(text);
    let score = contentScore(text, lines);
    if (hints.command !== undefined && LOG_COMMAND.test(hints.command)) score = Math.max(score, 0.75);
    if (hints.path !== undefined && LOG_PATH.test(hints.path)) score = Math.max(score, 0.85);
    score *= otherKindPenalty(text, lines);
    if (hints.toolName === 'Grep' || hints.toolName === 'Glob') score *= 0.3;
    return Math.min(1, Math.max(0, score));
  },
};
