/**
 * Prints the kept lines verbatim, in order, with one elision note per run of dropped lines saying how many were
 * dropped and, when they are all alike, what they were (similar to the line above, passing tests, stack frames).
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import { PASS, PROGRESS, WARNING } from './classify.ts';
import type { LineIndex } from './lines.ts';
import { isBlankLine, lineAt } from './lines.ts';
import type { Selection } from './select.ts';

export interface Rendered {
  /** Output lines without the closing marker. */
  readonly lines: string[];
  readonly kept: number;
}

/** Key of the nearest kept, non-blank line from `from` stepping by `step`; -1 if none. */
function neighbourKey(idx: LineIndex, keys: Float64Array, sel: Selection, from: number, step: number): number {
  for (let i = from; i >= 0 && i < idx.count && sel.keep[i]; i += step) if (!isBlankLine(idx, i)) return keys[i]!;
  return -1;
}

function describeGap(idx: LineIndex, a: number, b: number, keys: Float64Array, cls: Uint8Array, sel: Selection): string {
  const len = b - a;
  let pass = 0;
  let progress = 0;
  let frames = 0;
  // "Similar" = every non-blank dropped line shares the template of the kept line just above (or just below).
  const above = neighbourKey(idx, keys, sel, a - 1, -1);
  const below = neighbourKey(idx, keys, sel, b, 1);
  let sameAsAbove = above !== -1;
  let sameAsBelow = below !== -1;
  let blanks = 0;
  for (let i = a; i < b; i++) {
    if (cls[i] === PASS) pass++;
    else if (cls[i] === PROGRESS) progress++;
    if (sel.veto[i]) frames++;
    if (isBlankLine(idx, i)) {
      blanks++;
      continue;
    }
    const k = keys[i]!;
    if (k !== above) sameAsAbove = false;
    if (k !== below) sameAsBelow = false;
  }
  if (blanks === len) sameAsAbove = sameAsBelow = false;
  if (frames === len) return `${plural(len, 'stack frame line')} omitted`;
  if (pass === len) return `${plural(len, 'passing test line')} omitted`;
  if (progress === len) return `${plural(len, 'progress line')} omitted`;
  if (sameAsAbove || sameAsBelow) return `${plural(len, 'similar line')} omitted`;
  const ofWhich = pass > 0 ? `, ${formatCount(pass)} of them passing tests` : '';
  return `${plural(len, 'line')} omitted${ofWhich}`;
}

export function renderSelection(idx: LineIndex, keys: Float64Array, cls: Uint8Array, sel: Selection): Rendered {
  const lines: string[] = [];
  let kept = 0;
  let i = 0;
  while (i < idx.count) {
    if (sel.keep[i]) {
      lines.push(lineAt(idx, i));
      kept++;
      const times = sel.warningCounts.get(i);
      if (times !== undefined && cls[i] === WARNING) lines.push(elision(`this warning occurs ${formatCount(times)} times`));
      i++;
      continue;
    }
    const a = i;
    while (i < idx.count && !sel.keep[i]) i++;
    lines.push(elision(describeGap(idx, a, i, keys, cls, sel)));
  }
  return { lines, kept };
}
