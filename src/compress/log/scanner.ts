/**
 * Compiles the patterns of the active format rows into a few whole-text scanners.
 *
 * Line-anchored alternatives (`^…`) of every role go into ONE regex that starts with a literal `\n`, ordered by
 * precedence (failure, frame, summary, pass, warning, progress) with one capture group per role: the engine then skips from
 * newline to newline instead of trying `^` at every character, and the first alternative that matches at a line
 * start is the line's strongest role. Alternatives that can match anywhere in a line get one regex per role.
 */
import type { LogFormat } from './formats.ts';

export const FAIL_BIT = 1;
export const FRAME_BIT = 2;
export const SUMMARY_BIT = 4;
export const PASS_BIT = 8;
export const WARN_BIT = 16;
export const KEYWORD_BIT = 32;
export const WARN_KEYWORD_BIT = 64;
export const PROGRESS_BIT = 128;

type Role = 'failure' | 'frame' | 'summary' | 'pass' | 'warning' | 'progress';
/** In precedence order: the capture group index is the position here plus one. */
export const ANCHORED_ROLES: readonly [Role, number][] = [
  ['failure', FAIL_BIT],
  ['frame', FRAME_BIT],
  ['summary', SUMMARY_BIT],
  ['pass', PASS_BIT],
  ['warning', WARN_BIT],
  ['progress', PROGRESS_BIT],
];

export interface Scanner {
  /** `\n(?:(failure…)|(frame…)|…)` with the `g` and `m` flags. */
  readonly anchored: RegExp;
  /** The same alternatives anchored with `^`, for the first line (which has no newline before it). */
  readonly firstLine: RegExp;
  /** Capture group number of each role in ANCHORED_ROLES order (patterns may hold groups of their own). */
  readonly groupOf: readonly number[];
  /** Per-role regexes for alternatives not anchored at the line start. */
  readonly floating: readonly [RegExp, number][];
  /** Per row with a failure block: its start as a newline-led scanner, as a first-line/single-line test, the row. */
  readonly blocks: readonly [RegExp, RegExp, LogFormat][];
}

/** Splits a regex source at its top-level `|` (outside groups and character classes). */
export function splitAlternatives(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(src.slice(from));
  return parts;
}

export function compileScanner(formats: readonly LogFormat[]): Scanner {
  const groups: string[] = [];
  const groupOf: number[] = [];
  let nextGroup = 1;
  const floating: [RegExp, number][] = [];
  for (const [role, bit] of ANCHORED_ROLES) {
    const anchored: string[] = [];
    const loose: string[] = [];
    for (const f of formats) {
      const src = f[role];
      if (src === undefined) continue;
      for (const alt of splitAlternatives(src)) (alt.startsWith('^') ? anchored : loose).push(alt.startsWith('^') ? alt.slice(1) : alt);
    }
    const group = anchored.length > 0 ? `(${anchored.join('|')})` : '(?!)';
    groups.push(group);
    // A role without anchored patterns owns no group: -1 never reads as a match.
    groupOf.push(anchored.length > 0 ? nextGroup : -1);
    nextGroup += new RegExp(`${group}|`).exec('')!.length - 1;
    if (loose.length > 0) floating.push([new RegExp(loose.join('|'), 'gm'), bit]);
  }
  const body = groups.join('|');
  const blocks: [RegExp, RegExp, LogFormat][] = [];
  for (const f of formats) {
    if (!f.block) continue;
    // Block starts are written line-anchored; lead them with a newline like the role scanner.
    const alts = splitAlternatives(f.block.start).map((a) => (a.startsWith('^') ? a.slice(1) : `[^\n]*?${a}`));
    blocks.push([new RegExp(`\\n(?:${alts.join('|')})`, 'gm'), new RegExp(`^(?:${alts.join('|')})`), f]);
  }
  return {
    anchored: new RegExp(`\\n(?:${body})`, 'gm'),
    firstLine: new RegExp(`^(?:${body})`, 'm'),
    groupOf,
    floating,
    blocks,
  };
}
