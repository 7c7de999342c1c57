/**
 * Writes parsed search results back out grouped by file, in ripgrep's --heading layout that agents already know:
 * the path on its own line, then `12:text` for matches and `13-text` for context lines, `--` between
 * non-adjacent groups, and a blank line between files. Numbers and text are copied, never recomputed.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import type { Query } from '../relevance/query.ts';
import type { Entry, FileGroup, ParsedSearch } from './parse.ts';
import type { Selection } from './select.ts';

export interface RenderStats {
  keptMatches: number;
  keptFiles: number;
  clipped: number;
}

const MAX_LISTED_FILES = 8;
const MAX_LISTED_TOTAL = 40;

function entryLine(e: Entry, numbered: boolean, content: string): string {
  if (e.kind === 'sep') return '--';
  if (!numbered) return content;
  return `${e.num}${e.kind === 'match' ? ':' : '-'}${content}`;
}

/** Every line as it was, grouped: nothing is dropped. */
export function renderLossless(parsed: ParsedSearch): string {
  const out: string[] = [];
  let prevRaw = false;
  for (const block of parsed.blocks) {
    if (block.type === 'raw') {
      if (out.length > 0 && !prevRaw) out.push('');
      out.push(block.text);
      prevRaw = true;
      continue;
    }
    if (out.length > 0) out.push('');
    out.push(block.path);
    for (const e of block.entries) out.push(entryLine(e, parsed.numbered, e.content));
    prevRaw = false;
  }
  return out.join('\n');
}

/**
 * Keeps the picked matches (plus up to `contextLines` of their own context), says how many matches each gap hides,
 * and replaces runs of files with no kept match by one note.
 */
export function renderSelected(
  parsed: ParsedSearch,
  picks: Selection,
  contextLines: number,
  maxLineChars: number,
  query: Query,
): { text: string; stats: RenderStats } {
  const out: string[] = [];
  const stats: RenderStats = { keptMatches: 0, keptFiles: 0, clipped: 0 };
  let fileIndex = 0;
  let omittedFiles: FileGroup[] = [];
  let listed = 0;
  let prevRaw = false;
  const flushOmitted = (): void => {
    if (omittedFiles.length === 0) return;
    let matches = 0;
    for (const f of omittedFiles) matches += f.matches;
    let what = `${omittedFiles.length === 1 ? '1 more file' : `${formatCount(omittedFiles.length)} more files`} (${plural(matches, 'match', 'matches')})`;
    if (omittedFiles.length <= MAX_LISTED_FILES && listed + omittedFiles.length <= MAX_LISTED_TOTAL) {
      what += `: ${omittedFiles.map((f) => f.path).join(', ')}`;
      listed += omittedFiles.length;
    }
    if (out.length > 0) out.push('');
    out.push(elision(what));
    omittedFiles = [];
    prevRaw = false;
  };
  const clip = (content: string): string => {
    if (content.length <= maxLineChars) return content;
    stats.clipped++;
    return clipLine(content, maxLineChars, query);
  };
  for (const block of parsed.blocks) {
    if (block.type === 'raw') {
      flushOmitted();
      if (out.length > 0 && !prevRaw) out.push('');
      out.push(block.text);
      prevRaw = true;
      continue;
    }
    const pick = picks[fileIndex++]!;
    if (!pick.includes(1)) {
      omittedFiles.push(block);
      continue;
    }
    flushOmitted();
    if (out.length > 0) out.push('');
    out.push(block.path);
    stats.keptFiles++;
    stats.keptMatches += renderFile(block, pick, parsed.numbered, contextLines, clip, out);
    prevRaw = false;
  }
  flushOmitted();
  return { text: out.join('\n'), stats };
}

function renderFile(
  file: FileGroup,
  pick: Uint8Array,
  numbered: boolean,
  contextLines: number,
  clip: (s: string) => string,
  out: string[],
): number {
  const entries = file.entries;
  const keep = new Uint8Array(entries.length);
  let hasContext = false;
  let m = 0;
  let kept = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind === 'context') hasContext = true;
    if (e.kind !== 'match') continue;
    if (pick[m++] !== 1) continue;
    keep[i] = 1;
    kept++;
    // Context lines adjacent to a kept match within its own group (they are contiguous in the file).
    for (let j = i - 1, d = 0; j >= 0 && d < contextLines && entries[j]!.kind !== 'sep'; j--, d++) {
      if (entries[j]!.kind === 'context') keep[j] = 1;
      else break;
    }
    for (let j = i + 1, d = 0; j < entries.length && d < contextLines && entries[j]!.kind !== 'sep'; j++, d++) {
      if (entries[j]!.kind === 'context') keep[j] = 1;
      else break;
    }
  }
  let hiddenMatches = 0;
  let gap = false;
  let emitted = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (keep[i] !== 1) {
      if (e.kind === 'match') hiddenMatches++;
      gap = true;
      continue;
    }
    if (hiddenMatches > 0) out.push(elision(`${formatCount(hiddenMatches)} more ${hiddenMatches === 1 ? 'match' : 'matches'}`));
    else if (gap && emitted && hasContext) out.push('--');
    hiddenMatches = 0;
    gap = false;
    emitted = true;
    out.push(entryLine(e, numbered, clip(e.content)));
  }
  if (hiddenMatches > 0) out.push(elision(`${formatCount(hiddenMatches)} more ${hiddenMatches === 1 ? 'match' : 'matches'}`));
  return kept;
}

/** A window of a very long line (minified code), centred on the first query literal or word when there is one. */
export function clipLine(content: string, max: number, query: Query): string {
  let at = -1;
  for (const e of query.exact) {
    at = content.indexOf(e);
    if (at >= 0) break;
  }
  if (at < 0 && query.terms.length > 0) {
    const lower = content.toLowerCase();
    for (const t of query.terms) {
      at = lower.indexOf(t);
      if (at >= 0) break;
    }
  }
  let start = at < 0 ? 0 : Math.max(0, at - (max >> 2));
  // Never split a surrogate pair: the window must stay valid text.
  if (start > 0 && isLowSurrogate(content.charCodeAt(start))) start--;
  let end = Math.min(content.length, start + max);
  if (end < content.length && isLowSurrogate(content.charCodeAt(end))) end++;
  const head = start > 0 ? `${elision(`${formatCount(start)} chars`)}` : '';
  const tail = end < content.length ? elision(`${formatCount(content.length - end)} chars`) : '';
  return head + content.slice(start, end) + tail;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
