/**
 * Line indexing over one big string: we never split a 10 MB log into 100k strings, we keep offsets and slice only
 * the lines that end up in the output.
 */

export interface LineIndex {
  readonly text: string;
  /** Offset of the first character of each line. */
  readonly starts: Int32Array;
  /** Number of lines (a trailing newline does not open an extra empty line). */
  readonly count: number;
}

export function indexLines(text: string): LineIndex {
  let count = 1;
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) count++;
  if (text.endsWith('\n')) count--;
  const starts = new Int32Array(count);
  let i = 1;
  for (let p = text.indexOf('\n'); p !== -1 && i < count; p = text.indexOf('\n', p + 1)) starts[i++] = p + 1;
  return { text, starts, count };
}

/** Offset one past the last character of line `i` (excluding its newline). */
export function lineEnd(idx: LineIndex, i: number): number {
  return i + 1 < idx.count ? idx.starts[i + 1]! - 1 : idx.text.endsWith('\n') ? idx.text.length - 1 : idx.text.length;
}

export function lineAt(idx: LineIndex, i: number): string {
  return idx.text.slice(idx.starts[i]!, lineEnd(idx, i));
}

/**
 * Runs a global regex once over the whole text and sets `bit` on every line holding a match. One scan per role is
 * far cheaper than testing every pattern against every line; after a hit we jump to the next line.
 */
export function markMatches(idx: LineIndex, re: RegExp, flags: Uint8Array, bit: number): void {
  const { text, starts, count } = idx;
  let line = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const pos = m.index;
    while (line + 1 < count && starts[line + 1]! <= pos) line++;
    flags[line]! |= bit;
    if (line + 1 >= count) break;
    re.lastIndex = starts[line + 1]!;
  }
}


/**
 * Line numbers (ascending) whose start matches: `led` is the pattern led by a literal newline (`g` flag) so the
 * engine hops from newline to newline; `first` is the same pattern anchored with `^` for line 0.
 */
export function linesStartingWith(idx: LineIndex, led: RegExp, first: RegExp): number[] {
  const out: number[] = [];
  if (idx.count > 0 && first.test(lineAt(idx, 0))) out.push(0);
  const { text, starts, count } = idx;
  let line = 0;
  led.lastIndex = 0;
  for (let m = led.exec(text); m !== null; m = led.exec(text)) {
    const pos = m.index + 1;
    while (line + 1 < count && starts[line + 1]! <= pos) line++;
    if (starts[line] === pos) out.push(line);
    if (line + 1 >= count) break;
    led.lastIndex = starts[line + 1]! - 1;
  }
  return out;
}

/** True for an empty or whitespace-only line. */
export function isBlankLine(idx: LineIndex, i: number): boolean {
  const e = lineEnd(idx, i);
  for (let p = idx.starts[i]!; p < e; p++) {
    const c = idx.text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
