/**
 * The code as the parser sees it, with line offsets. Read tools often prefix every line with its number
 * (`    12→code` or `    12\tcode`, like `cat -n`); those prefixes are stripped for parsing and put back on output,
 * and their numbers become the line numbers placeholders cite.
 */

export interface SourceText {
  readonly text: string;
  /** Number of lines. */
  readonly rows: number;
  lineStart(row: number): number;
  /** Index of the row's terminating newline (or the end of the text). */
  lineEnd(row: number): number;
  /** Row holding character `index`. */
  rowOf(index: number): number;
}

export function sourceText(text: string): SourceText {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const rows = starts.length;
  return {
    text,
    rows,
    lineStart: (row) => starts[Math.min(row, rows - 1)] ?? 0,
    lineEnd: (row) => (row + 1 < rows ? starts[row + 1]! - 1 : text.length),
    rowOf(index) {
      let lo = 0;
      let hi = rows - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= index) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

export interface Numbered {
  /** The code without the number prefixes. */
  code: string;
  /** Each line's original prefix (e.g. `    12→`). */
  prefixes: string[];
  /** Number of the first line. */
  first: number;
}

const PREFIX = /^( *)(\d+)(→|\t)/;

/**
 * Detects `cat -n`-style numbering: every line (a trailing empty line aside) carries a number, counting up by one.
 * Returns undefined for ordinary text (checked on the first lines before any work on the whole text).
 */
export function stripLineNumbers(text: string): Numbered | undefined {
  const head = PREFIX.exec(text.slice(0, 24));
  if (!head) return undefined;
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const first = Number(head[2]);
  const prefixes: string[] = new Array<string>(lines.length);
  const code: string[] = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = PREFIX.exec(line);
    if (!m || Number(m[2]) !== first + i) return undefined;
    prefixes[i] = m[0];
    code[i] = line.slice(m[0].length);
  }
  return { code: code.join('\n') + (text.endsWith('\n') ? '\n' : ''), prefixes, first };
}
