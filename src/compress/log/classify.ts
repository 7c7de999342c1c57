/**
 * Gives every line one class (error, summary, pass, warning, progress, ordinary) plus a frame flag, from a handful of
 * whole-text regex scans (see scanner.ts): no per-line regex storm.
 */
import type { LineIndex } from './lines.ts';
import { lineAt, markMatches } from './lines.ts';
import type { Scanner } from './scanner.ts';
import {
  ANCHORED_ROLES,
  FAIL_BIT,
  FRAME_BIT,
  KEYWORD_BIT,
  PASS_BIT,
  PROGRESS_BIT,
  SUMMARY_BIT,
  WARN_BIT,
  WARN_KEYWORD_BIT,
} from './scanner.ts';

export { FRAME_BIT } from './scanner.ts';

export const ORDINARY = 0;
export const ERROR = 1;
export const SUMMARY = 2;
export const PASS = 3;
export const WARNING = 4;
export const PROGRESS = 5;

/** Classes that collapse to a count and never count as context. */
export function isNoise(c: number): boolean {
  return c === PASS || c === PROGRESS;
}

/**
 * Words that mark trouble in any log. `error`/`exception` may end a longer word (TypeError, IOException); plural
 * "errors"/"failures" are left out on purpose: they mostly occur in counts ("0 errors"), which the format rows
 * recognise as summaries instead.
 */
const TROUBLE =
  /(?:error|exception)\b|\b(?:fatal|fail|failed|failure|panic|panicked|traceback|assert|assertion|critical|crit|severe|emerg|uncaught|unhandled|oomkilled|segmentation fault|core dumped|out of memory|no such file or directory|permission denied|command not found)\b/gi;
const WARN_WORD = /\bwarn(?:ing)?\b/gi;
/** A line whose own level is informational only mentions trouble ("INFO retrying after error"): not an error. */
const LOW_LEVEL =
  /^.{0,48}?(?:\b(?:INFO|DEBUG|TRACE|NOTICE|VERBOSE)\b|\blevel=(?:info|debug|trace)\b|"level": ?"(?:info|debug|trace)"|\[(?:info|debug|trace)\])|^[ID]\d{4} \d\d:/;

export interface Classes {
  /** ORDINARY | ERROR | SUMMARY | PASS | WARNING | PROGRESS per line. */
  readonly cls: Uint8Array;
  /** Role bits per line; FRAME_BIT marks stack-frame-looking lines. */
  readonly roles: Uint8Array;
}

function roleOf(m: RegExpExecArray, groupOf: readonly number[]): number {
  for (let r = 0; r < groupOf.length; r++) if (m[groupOf[r]!] !== undefined) return ANCHORED_ROLES[r]![1];
  return 0;
}

/** The strongest anchored role of each line, from one scan that hops from newline to newline. */
function scanAnchored(idx: LineIndex, scanner: Scanner, roles: Uint8Array): void {
  const { text, starts, count } = idx;
  const first = scanner.firstLine.exec(lineAt(idx, 0));
  if (first) roles[0]! |= roleOf(first, scanner.groupOf);
  const re = scanner.anchored;
  re.lastIndex = 0;
  let line = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const pos = m.index + 1;
    while (line + 1 < count && starts[line + 1]! <= pos) line++;
    if (starts[line] === pos) roles[line]! |= roleOf(m, scanner.groupOf);
    if (line + 1 >= count) break;
    // Resume at the newline that ends this line, so the next line can match.
    re.lastIndex = starts[line + 1]! - 1;
  }
}

export function classifyLines(idx: LineIndex, scanner: Scanner): Classes {
  const roles = new Uint8Array(idx.count);
  scanAnchored(idx, scanner, roles);
  for (const [re, bit] of scanner.floating) markMatches(idx, re, roles, bit);
  markMatches(idx, TROUBLE, roles, KEYWORD_BIT);
  markMatches(idx, WARN_WORD, roles, WARN_KEYWORD_BIT);

  const cls = new Uint8Array(idx.count);
  for (let i = 0; i < idx.count; i++) {
    const r = roles[i]!;
    if (r === 0) continue;
    if (r & FAIL_BIT) cls[i] = ERROR;
    // A frame that merely names an error ("at handleError (…)", "runtime/panic.go") is part of a trace, not a new error.
    else if (r & FRAME_BIT) continue;
    else if (r & SUMMARY_BIT) cls[i] = SUMMARY;
    else if (r & PASS_BIT) cls[i] = PASS;
    else if (r & WARN_BIT) cls[i] = WARNING;
    else if (r & PROGRESS_BIT) cls[i] = PROGRESS;
    else if (r & (KEYWORD_BIT | WARN_KEYWORD_BIT) && !LOW_LEVEL.test(lineAt(idx, i))) {
      cls[i] = r & KEYWORD_BIT ? ERROR : WARNING;
    }
  }
  return { cls, roles };
}
