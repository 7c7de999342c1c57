/**
 * Whether a gold fact survived compression. Verbatim containment first; two lossless regroupings that compressors
 * use are also accepted, strictly (the exact header line, then the exact entry inside that header's block):
 *  - a grep hit `path:12:content` in ripgrep's --heading layout: a line `path`, then `12:content` below it;
 *  - a file path `./dir/name` in a directory-grouped listing: a line `./dir/`, then `  name` (indented) below it.
 * A block ends at a blank line or at the next unindented header.
 */

const GREP_HIT = /^([^\s:]+):(\d+):(.*)$/s;
const FILE_PATH = /^(\.{0,2}\/?(?:[\w.@-]+\/)+)([\w.@-]+)$/;

function inBlock(lines: string[], header: string, entry: (line: string) => boolean, indented: boolean): boolean {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== header) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l === '' || (indented && !/^\s/.test(l) && !l.startsWith('['))) break;
      if (entry(l)) return true;
    }
  }
  return false;
}

export function factKept(out: string, fact: string): boolean {
  if (out.includes(fact)) return true;
  const lines = out.split('\n');
  const hit = GREP_HIT.exec(fact);
  if (hit && inBlock(lines, hit[1]!, (l) => l === `${hit[2]}:${hit[3]}`, false)) return true;
  const file = FILE_PATH.exec(fact);
  if (file && inBlock(lines, file[1]!, (l) => l.trim() === file[2], true)) return true;
  return false;
}
