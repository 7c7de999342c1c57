/**
 * Splits mixed content into sections compressed separately: prose with fenced code/JSON blocks, and a short
 * preamble (e.g. Codex's "Exit code: 0 / Wall time / Output:") followed by a payload of another kind.
 * Sections are contiguous slices of the original, so joining them gives back the input exactly.
 */
import type { Hints } from '../types.ts';

export interface Section {
  text: string;
  /** Language from a fence's info string, if any. */
  hints: Hints;
  /** True for fence lines and other glue that is never compressed. */
  frame: boolean;
}

const FENCE = /^(`{3,}|~{3,})([^\n`]*)$/;

/** Splits at fenced blocks; returns null when there are no complete fences. */
export function splitFences(text: string): Section[] | null {
  if (!text.includes('```') && !text.includes('~~~')) return null;
  const lines = text.split('\n');
  const sections: Section[] = [];
  let buf: string[] = [];
  let open: { fence: string; info: string } | null = null;
  const flush = (frame: boolean, hints: Hints = {}) => {
    if (buf.length > 0) sections.push({ text: buf.join('\n'), hints, frame });
    buf = [];
  };
  for (const line of lines) {
    const m = FENCE.exec(line);
    if (!open && m) {
      flush(false);
      sections.push({ text: line, hints: {}, frame: true });
      open = { fence: m[1]!, info: m[2]!.trim().split(/\s+/)[0] ?? '' };
    } else if (open && m && m[1]!.startsWith(open.fence[0]!) && m[1]!.length >= open.fence.length && m[2]!.trim() === '') {
      flush(false, open.info ? { language: open.info } : {});
      sections.push({ text: line, hints: {}, frame: true });
      open = null;
    } else buf.push(line);
  }
  if (open) return null; // an unclosed fence: don't guess where it ends
  flush(false);
  if (sections.length < 2) return null;
  // Re-insert the newlines split() removed: every section but the last is followed by one.
  return sections.map((s, i) => (i < sections.length - 1 ? { ...s, text: `${s.text}\n` } : s));
}

/** Candidate split points for a preamble: after each of the first few lines, if the preamble is short. */
export function preambleSplits(text: string, maxLines = 8, maxChars = 600): number[] {
  const cuts: number[] = [];
  let pos = 0;
  for (let i = 0; i < maxLines; i++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 || nl + 1 > maxChars) break;
    pos = nl + 1;
    cuts.push(pos);
  }
  return cuts;
}

/** Embedded JSON smaller than this is not worth a section of its own. */
const MIN_EMBEDDED_JSON = 1024;

/**
 * Finds one JSON object/array embedded in prose ("Response:\n{…}\nDone.") by bracket matching from the first line
 * that opens one; returns [prose, json, prose] when the slice parses. Linear in the text length.
 */
export function splitEmbeddedJson(text: string): Section[] | null {
  const open = /^[ \t]*[{[]/m.exec(text);
  if (!open) return null;
  const start = open.index + open[0].length - 1;
  const end = matchBracket(text, start);
  if (end < 0 || end + 1 - start < MIN_EMBEDDED_JSON) return null;
  const json = text.slice(start, end + 1);
  try {
    JSON.parse(json);
  } catch {
    return null;
  }
  const head = text.slice(0, start);
  const tail = text.slice(end + 1);
  if (head.trim() === '' && tail.trim() === '') return null; // the whole text is JSON: no split needed
  const sections: Section[] = [];
  if (head) sections.push({ text: head, hints: {}, frame: true });
  sections.push({ text: json, hints: {}, frame: false });
  if (tail) sections.push({ text: tail, hints: {}, frame: false });
  return sections;
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 if unbalanced. */
function matchBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
