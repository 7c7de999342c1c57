/** Applies the outline's edits to the code and, for numbered Read output, puts each kept line's number back. */
import type { Cut } from './scan.ts';
import type { Numbered, SourceText } from './source.ts';

/** Edits must be sorted by start and not overlap (the scan guarantees it: it never enters what it hands out). */
export function applyEdits(text: string, edits: readonly Cut[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const e of edits) {
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

/**
 * Same as applyEdits, then prefixes every output line with its original number. Lines our notes add get a blank
 * prefix of the same width, so no line claims a number it did not have.
 */
export function applyEditsNumbered(src: SourceText, edits: readonly Cut[], numbered: Numbered): string {
  const text = src.text;
  const rows: number[] = [0];
  let pos = 0;
  const keep = (from: number, to: number): void => {
    let row = src.rowOf(from);
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) rows.push(++row);
  };
  const out: string[] = [];
  for (const e of edits) {
    keep(pos, e.start);
    // A replacement that starts a line is our note, not the original line there.
    if (e.text !== '' && (e.start === 0 || text[e.start - 1] === '\n')) rows[rows.length - 1] = -1;
    out.push(text.slice(pos, e.start), e.text);
    for (let i = e.text.indexOf('\n'); i !== -1; i = e.text.indexOf('\n', i + 1)) rows.push(-1);
    pos = e.end;
  }
  keep(pos, text.length);
  out.push(text.slice(pos));
  const lines = out.join('').split('\n');
  const trailing = text.endsWith('\n');
  const blank = (numbered.prefixes[0] ?? '').replace(/\d/g, ' ');
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (trailing && i === lines.length - 1) {
      result.push(lines[i]!);
      break;
    }
    const row = rows[i] ?? -1;
    const prefix = row >= 0 ? numbered.prefixes[row] ?? blank : blank;
    result.push(prefix + lines[i]!);
  }
  return result.join('\n');
}
