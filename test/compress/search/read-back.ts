/**
 * Reads the compressor's grouped output back into facts, independently of the implementation: headings, numbered
 * lines, and the counts stated by elision notes. Property checks compare these facts with the original input.
 */

export interface ReadFile {
  path: string;
  lines: { num: string; kind: 'match' | 'context'; content: string }[];
  hiddenMatches: number;
}

export interface ReadBack {
  files: ReadFile[];
  omittedFiles: number;
  omittedFileMatches: number;
  marker: string | null;
}

const NUMBERED = /^(\d+)([:-])(.*)$/s;
const MORE_MATCHES = /^\[… ([\d,]+) more match(?:es)? …\]$/;
const MORE_FILES = /^\[… ([\d,]+) more files? \(([\d,]+) match(?:es)?\)(?::.*)? …\]$/;

const num = (s: string) => Number(s.replace(/,/g, ''));

export function readBack(output: string): ReadBack {
  const lines = output.replace(/\n$/, '').split('\n');
  const res: ReadBack = { files: [], omittedFiles: 0, omittedFileMatches: 0, marker: null };
  let cur: ReadFile | null = null;
  let atStart = true;
  for (const line of lines) {
    if (line === '') {
      cur = null;
      atStart = true;
      continue;
    }
    if (line.startsWith('[headroom: ')) {
      res.marker = line;
      continue;
    }
    const files = MORE_FILES.exec(line);
    if (files && atStart) {
      res.omittedFiles += num(files[1]!);
      res.omittedFileMatches += num(files[2]!);
      continue;
    }
    if (atStart) {
      cur = { path: line, lines: [], hiddenMatches: 0 };
      res.files.push(cur);
      atStart = false;
      continue;
    }
    if (!cur) throw new Error(`line outside a file: ${line}`);
    if (line === '--') continue;
    const more = MORE_MATCHES.exec(line);
    if (more) {
      cur.hiddenMatches += num(more[1]!);
      continue;
    }
    const m = NUMBERED.exec(line);
    if (!m) throw new Error(`unreadable line: ${line}`);
    cur.lines.push({ num: m[1]!, kind: m[2] === ':' ? 'match' : 'context', content: m[3]! });
  }
  return res;
}
