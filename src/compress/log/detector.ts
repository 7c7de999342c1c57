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
  /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|build|install|i|ci|add|lint|typecheck)|npx\s+(?:jest|vitest|tsc|mocha|playwright)|pytest|py\.test|tox|cargo\s+(?:test|build|check|run|clippy|nextest)|go\s+(?:test|build|vet|run)|make|cmake|ninja|tail|journalctl|dmesg|kubectl\s+logs|docker\s+(?:compose\s+)?logs|jest|vitest|mocha|tsc|gradlew?|mvn|webpack|pip3?\s+install|(?:apt|apt-get|aptitude)\s+(?:install|upgrade|dist-upgrade|full-upgrade|remove|purge|update)|dpkg\s+-i|(?:docker|podman)\s+(?:buildx?|compose\s+build|image\s+build)|node\s+(?:[^|;&\n]*\s)?--test)\b|\/var\/log\/|\.log\b/;
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

/** `ls -l` permission bits or its `total N` line: a listing, which the table detector owns. */
const LISTING = /^(?:[-dlcbpsD][-rwxsStT]{9}[.+@]?[ \t]|total \d+$)/;
/** A line's first word may be a message "verb" (Setting, Unpacking, Collecting, Compiling, `#5`, `--`, `[ 40%]`). */
const VERB = /^(?:[A-Za-z][\w.+:/()[\]-]*|\([A-Za-z][\w ]*|#\d+|--|==>|\[[^\]]*\]?)$/;
/** Words that start source lines rather than messages: repeated, they mean code, not a templated log. */
const CODE_WORDS = new Set(
  'import export from def class function const let var return if else elif for while fn pub package func public private protected static async await try except catch switch case use mod impl struct type interface enum with yield raise throw new do end then fi done'.split(
    ' ',
  ),
);
const TECHNICAL = /[\d/=[(@_%#]|\.\.\./;
/** The commonest line-start words may cover this share of the sample... */
const TEMPLATED_SHARE = 0.6;
/** ...using at most this many distinct words, each at least this often. */
const TEMPLATED_WORDS = 8;
const TEMPLATED_MIN_COUNT = 3;
/** Fewer sampled lines than this say too little about templating. */
const TEMPLATED_MIN_LINES = 12;

/** The first word of a line with digits masked, or null when the line cannot be a templated message. */
function lineStartWord(line: string): string | null {
  const t = line.trimStart();
  if (LISTING.test(t)) return null;
  const sp = t.search(/[ \t]/);
  // A one-word line (a path, a number, a CSV row) is not a message.
  if (sp <= 0) return null;
  const word = t.slice(0, sp);
  if (!VERB.test(word) || CODE_WORDS.has(word)) return null;
  // Aligned columns (ps, kubectl get, docker ps, `ls -l`): two or more runs of 2+ blanks inside the line.
  let gaps = 0;
  for (let p = t.indexOf('  ', sp); p !== -1 && gaps < 2; p = t.indexOf('  ', p)) {
    gaps++;
    while (t.charCodeAt(p) === 32) p++;
  }
  if (gaps >= 2) return null;
  // Messages carry versions, paths, counts or ids; a line of plain words is prose, however often its first word recurs.
  if (!TECHNICAL.test(t)) return null;
  return word.replace(/\d+/g, '#');
}

/**
 * Build and install output (apt, dpkg, pip, docker build, cmake, make) has no timestamps but is highly templated:
 * most lines start with one of a few words. Prose and listings do not: their first words vary, or are excluded.
 */
function templatedScore(lines: readonly string[]): number {
  if (lines.length < TEMPLATED_MIN_LINES) return 0;
  const counts = new Map<string, number>();
  for (const l of lines) {
    const w = lineStartWord(l);
    if (w !== null) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const top = [...counts.values()].filter((c) => c >= TEMPLATED_MIN_COUNT).sort((a, b) => b - a).slice(0, TEMPLATED_WORDS);
  let covered = 0;
  for (const c of top) covered += c;
  const share = covered / lines.length;
  // Below the table detector's 0.7 for listings, above the prose fallback.
  if (share >= 0.75) return 0.65;
  return share >= TEMPLATED_SHARE ? 0.55 : 0;
}

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
  const templated = templatedScore(lines);
  if (stamped >= 0.2) return Math.max(0.6, templated);
  return Math.max(stamped > 0 ? 0.3 : 0.1, templated);
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
