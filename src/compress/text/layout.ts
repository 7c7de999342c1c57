/**
 * Splits prose into lines and words without losing a byte of layout: every line keeps its newline, indentation,
 * list marker and heading; only plain words inside prose lines become candidates for dropping.
 */
import type { Query } from '../relevance/query.ts';
import { isProtectedWord, quotedRanges } from './protect.ts';

/** A word that may be dropped: `start..end` is its chunk in the text (incl. a trailing comma), `core` the word. */
export interface Candidate {
  start: number;
  end: number;
  /** End of the word itself (before a trailing comma). */
  coreEnd: number;
  lower: string;
  /** Where the line's words begin (after indentation and list marker): identifies the line. */
  body: number;
}

export interface Layout {
  candidates: Candidate[];
  /** Characters in lines judged to be prose (where candidates come from). */
  proseChars: number;
  /** Whitespace-separated chunks in prose lines, and how many of them are plain words. */
  chunks: number;
  words: number;
}

// Plain word, optionally with an inner apostrophe, optionally followed by a comma: the only droppable shape.
const PLAIN = /^[A-Za-z]+(?:['\u2019][A-Za-z]+)?,?$/;
// Word-like chunks (with surrounding punctuation) for judging whether a line is prose at all.
const WORDISH = /^[("'\u201c]?[A-Za-z]+(?:['\u2019-][A-Za-z]+)*[.,;:!?)"'\u201d]*$/;
const FIELD = /^:[\w -]+:/;
const FENCE = /^\s*(?:```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s/;
const UNDERLINE = /^\s*(?:=+|-+)\s*$/;
// Leading structure kept verbatim: indentation, blockquote marks, list markers (-, *, +, •, 1., 1), a.), checkboxes.
const PREFIX = /^[ \t]*(?:>[ \t]*)*(?:(?:[-*+\u2022]|\d{1,3}[.)]|[a-zA-Z][.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?/;
const SENTENCE_END = /[.!?:;]["')\]]*$/;

/** Lines that are prose-shaped: enough words, mostly plain words, not a table row, prompt or code. */
function proseLine(line: string, body: number): boolean {
  const c = line.charCodeAt(body);
  // table rows, doctest/shell prompts, comment-ish or markup lines
  if (c === 124 /* | */ || c === 60 /* < */ || line.startsWith('>>>', body) || line.startsWith('$ ', body)) return false;
  // reST directives and field lists (.. note::, :param x:) are markup, not sentences.
  return !line.startsWith('.. ', body) && !FIELD.test(line.slice(body, body + 40));
}

export function scanLayout(text: string, query: Query, deadline: number, now: () => number): Layout | null {
  const candidates: Candidate[] = [];
  let proseChars = 0;
  let chunks = 0;
  let words = 0;
  let inFence = false;
  let pos = 0;
  let lineNo = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    const lineStart = pos;
    pos = nl + 1;
    if ((++lineNo & 255) === 0 && now() > deadline) return null;
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || line.length === 0 || HEADING.test(line) || UNDERLINE.test(line)) continue;
    // A setext heading: the next line underlines this one.
    const next = text.slice(pos, text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos));
    if (pos <= text.length && UNDERLINE.test(next) && next.trim().length >= 3) continue;
    const prefix = PREFIX.exec(line)?.[0].length ?? 0;
    // Indented four or more (without a list marker): a code or literal block in markdown and reST.
    if (prefix >= 4 && /^\s+$/.test(line.slice(0, prefix))) continue;
    if (!proseLine(line, prefix)) continue;
    const lineCands: Candidate[] = [];
    let lineChunks = 0;
    let lineWords = 0;
    const quoted = quotedRanges(line);
    let q = 0;
    let sentenceStart = true;
    let i = prefix;
    while (i < line.length) {
      const ch = line.charCodeAt(i);
      if (ch === 32 || ch === 9 || ch === 13) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < line.length) {
        const d = line.charCodeAt(j);
        if (d === 32 || d === 9 || d === 13) break;
        j++;
      }
      const chunk = line.slice(i, j);
      lineChunks++;
      while (q < quoted.length && (quoted[q + 1] ?? 0) <= i) q += 2;
      const inQuote = q < quoted.length && (quoted[q] ?? 0) < j;
      if (WORDISH.test(chunk)) lineWords++;
      if (PLAIN.test(chunk)) {
        const coreLen = chunk.endsWith(',') ? chunk.length - 1 : chunk.length;
        const word = chunk.slice(0, coreLen);
        const lower = word.toLowerCase();
        const c0 = chunk.charCodeAt(0);
        // A capitalised word inside a sentence is a name (Python, Debian, Monday): keep it.
        const name = c0 >= 65 && c0 <= 90 && !sentenceStart;
        if (!inQuote && !name && !isProtectedWord(word, lower, query)) {
          candidates.push({ start: lineStart + i, end: lineStart + j, coreEnd: lineStart + i + coreLen, lower, body: lineStart + prefix });
          lineCands.push(candidates[candidates.length - 1] as Candidate);
        }
      }
      sentenceStart = SENTENCE_END.test(chunk);
      i = j;
    }
    // Lines with too few plain words are lists of names, code or data that slipped through: leave them whole.
    if (lineChunks === 0 || lineWords < 3 || lineWords < lineChunks * 0.6) {
      candidates.length -= lineCands.length;
      continue;
    }
    proseChars += line.length;
    chunks += lineChunks;
    words += lineWords;
  }
  return { candidates, proseChars, chunks, words };
}
