/**
 * Splits unified diff text (git diff, git show, git log -p, diff -u, format-patch) into verbatim header lines and
 * hunks. Hunk extent comes from the counts in its `@@ -a,b +c,d @@` header, so body lines that merely look like
 * headers (`--- x` removed from a Markdown file) are never mistaken for them.
 */

/** Kinds of hunk body line, stored in a Uint8Array per hunk. `Note` is `\ No newline at end of file`. */
export const LineType = { Context: 0, Removed: 1, Added: 2, Note: 3 } as const;

export interface Hunk {
  readonly kind: 'hunk';
  readonly header: string;
  readonly lines: string[];
  readonly types: Uint8Array;
  /** Index into `ParsedDiff.files`, or -1 when the hunk came without a file header. */
  readonly file: number;
}

export interface HeaderLine {
  readonly kind: 'line';
  readonly text: string;
  readonly file: number;
}

export type DiffItem = Hunk | HeaderLine;

export interface DiffFile {
  path: string;
  added: number;
  removed: number;
  hunks: number;
}

export interface ParsedDiff {
  readonly items: DiffItem[];
  readonly files: DiffFile[];
  readonly hunks: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const COMMIT = /^commit [0-9a-f]{7,64}\b/;

/** The new-side path from `+++ b/x`, `--- a/x` or `diff --git a/x b/x`, without prefix or timestamp. */
function pathFrom(line: string, skip: number): string {
  let p = line.slice(skip);
  const tab = p.indexOf('\t');
  if (tab >= 0) p = p.slice(0, tab);
  if (p.startsWith('"') && p.endsWith('"') && p.length > 1) p = p.slice(1, -1);
  if (p.startsWith('a/') || p.startsWith('b/')) p = p.slice(2);
  return p;
}

function gitDiffPath(line: string): string {
  // `diff --git a/x b/x`: with identical names the second half is the new path; good enough for naming.
  const rest = line.slice('diff --git '.length);
  const b = rest.lastIndexOf(' b/');
  return b >= 0 ? rest.slice(b + 3) : pathFrom(rest, 0);
}

export function parseDiff(lines: readonly string[]): ParsedDiff {
  const items: DiffItem[] = [];
  const files: DiffFile[] = [];
  let file = -1;
  let hunks = 0;
  const newFile = (path: string): void => {
    files.push({ path, added: 0, removed: 0, hunks: 0 });
    file = files.length - 1;
  };
  const n = lines.length;
  let i = 0;
  while (i < n) {
    const line = lines[i]!;
    const c = line.charCodeAt(0);
    if (c === 64 /* @ */) {
      const m = HUNK.exec(line);
      if (m) {
        let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
        let newLeft = m[4] === undefined ? 1 : Number(m[4]);
        const body: string[] = [];
        const types: number[] = [];
        let added = 0;
        let removed = 0;
        i++;
        while (i < n && (oldLeft > 0 || newLeft > 0)) {
          const l = lines[i]!;
          const t = l.charCodeAt(0);
          if (t === 32 || (l.length === 0 && oldLeft > 0 && newLeft > 0) || (t === 13 && l.length === 1)) {
            types.push(LineType.Context);
            oldLeft--;
            newLeft--;
          } else if (t === 45 && oldLeft > 0) {
            types.push(LineType.Removed);
            removed++;
            oldLeft--;
          } else if (t === 43 && newLeft > 0) {
            types.push(LineType.Added);
            added++;
            newLeft--;
          } else if (t === 92 /* \ */) types.push(LineType.Note);
          else break; // truncated or malformed hunk: what follows is read as headers again
          body.push(l);
          i++;
        }
        // A trailing `\ No newline at end of file` belongs to the hunk that just ended.
        if (i < n && lines[i]!.charCodeAt(0) === 92) {
          body.push(lines[i]!);
          types.push(LineType.Note);
          i++;
        }
        if (file < 0) newFile('');
        const f = files[file]!;
        f.added += added;
        f.removed += removed;
        f.hunks++;
        hunks++;
        items.push({ kind: 'hunk', header: line, lines: body, types: Uint8Array.from(types), file });
        continue;
      }
    }
    if (c === 100 /* d */ && line.startsWith('diff ')) {
      newFile(line.startsWith('diff --git ') ? gitDiffPath(line) : '');
    } else if (c === 45 /* - */ && line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      // Plain `diff -u` output has no `diff` line: the ---/+++ pair starts the file, unless a `diff` line just did.
      const f = file >= 0 ? files[file]! : null;
      if (!f || f.hunks > 0) newFile('');
      const plus = pathFrom(lines[i + 1]!, 4);
      files[file]!.path = plus === '/dev/null' ? pathFrom(line, 4) : plus;
    } else if (c === 99 /* c */ && COMMIT.test(line)) {
      file = -1;
    }
    items.push({ kind: 'line', text: line, file });
    i++;
  }
  return { items, files, hunks };
}
