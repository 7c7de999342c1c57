/**
 * Writes parsed search results back out grouped by file, in ripgrep's --heading layout that agents already know:
 * the path on its own line, then `12:text` for matches and `13-text` for context lines, `--` between
 * non-adjacent groups, and a blank line between files. Numbers and text are copied, never recomputed.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import type { Query } from '../relevance/query.ts';
import type { Entry, FileGroup, ParsedSearch } from './parse.ts';
import { KEEP, KEEP_CONTEXT, type MatchSelection } from './select-matches.ts';

export interface RenderStats {
  keptMatches: number;
  keptFiles: number;
  /** Context lines shown, and how many the input had. */
  keptContext: number;
  contextLines: number;
  clipped: number;
}

// Names in the omitted-files note: enough to orient, not a second listing.
const MAX_LISTED_FILES = 5;
const MAX_LISTED_CHARS = 240;

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
 * Keeps the picked matches (context lines only around those picked with KEEP_CONTEXT), says how many matches each
 * gap hides, and sums up every file with no kept match in one closing note, so the shown files read as one list.
 */
export function renderSelected(
  parsed: ParsedSearch,
  picks: MatchSelection,
  contextLines: number,
  maxLineChars: number,
  query: Query,
): { text: string; stats: RenderStats } {
  const out: string[] = [];
  const stats: RenderStats = { keptMatches: 0, keptFiles: 0, keptContext: 0, contextLines: parsed.context, clipped: 0 };
  const omitted: FileGroup[] = [];
  let fileIndex = 0;
  let prevRaw = false;
  const clip = (content: string): string => {
    if (content.length <= maxLineChars) return content;
    stats.clipped++;
    return clipLine(content, maxLineChars, query);
  };
  for (const block of parsed.blocks) {
    if (block.type === 'raw') {
      if (out.length > 0 && !prevRaw) out.push('');
      out.push(block.text);
      prevRaw = true;
      continue;
    }
    const pick = picks[fileIndex++]!;
    if (!pick.includes(KEEP) && !pick.includes(KEEP_CONTEXT)) {
      omitted.push(block);
      continue;
    }
    if (out.length > 0) out.push('');
    out.push(block.path);
    stats.keptFiles++;
    renderFile(block, pick, parsed.numbered, contextLines, clip, out, stats);
    prevRaw = false;
  }
  if (omitted.length > 0) {
    if (out.length > 0) out.push('');
    out.push(omittedFilesNote(omitted));
  }
  return { text: out.join('\n'), stats };
}

/** `[… 9 more files (31 matches): a.ts, b.ts, c.ts and 6 more …]`, names in their original order, capped. */
function omittedFilesNote(files: readonly FileGroup[]): string {
  let matches = 0;
  for (const f of files) matches += f.matches;
  let what = `${plural(files.length, 'more file')} (${plural(matches, 'match', 'matches')})`;
  const names: string[] = [];
  let chars = 0;
  for (const f of files) {
    if (names.length >= MAX_LISTED_FILES || chars + f.path.length > MAX_LISTED_CHARS) break;
    names.push(f.path);
    chars += f.path.length + 2;
  }
  if (names.length > 0) {
    what += `: ${names.join(', ')}`;
    if (names.length < files.length) what += ` and ${formatCount(files.length - names.length)} more`;
  }
  return elision(what);
}

function renderFile(
  file: FileGroup,
  pick: Uint8Array,
  numbered: boolean,
  contextLines: number,
  clip: (s: string) => string,
  out: string[],
  stats: RenderStats,
): void {
  const entries = file.entries;
  const keep = new Uint8Array(entries.length);
  let m = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind !== 'match') continue;
    const p = pick[m++]!;
    if (p === 0) continue;
    keep[i] = 1;
    stats.keptMatches++;
    if (p !== KEEP_CONTEXT) continue;
    // Context lines adjacent to the match within its own group (they are contiguous in the file).
    for (let j = i - 1, d = 0; j >= 0 && d < contextLines && entries[j]!.kind === 'context'; j--, d++) keep[j] = 1;
    for (let j = i + 1, d = 0; j < entries.length && d < contextLines && entries[j]!.kind === 'context'; j++, d++) keep[j] = 1;
  }
  let hiddenMatches = 0;
  let gap = false;
  let prevContext = false;
  let emitted = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (keep[i] !== 1) {
      if (e.kind === 'match') hiddenMatches++;
      gap = true;
      continue;
    }
    if (hiddenMatches > 0) out.push(moreMatches(hiddenMatches));
    // grep's `--` between groups, where a context line meets the gap; bare matches show the gap by their numbers.
    else if (gap && emitted && (prevContext || e.kind === 'context')) out.push('--');
    hiddenMatches = 0;
    gap = false;
    emitted = true;
    prevContext = e.kind === 'context';
    if (e.kind === 'context') stats.keptContext++;
    out.push(entryLine(e, numbered, clip(e.content)));
  }
  if (hiddenMatches > 0) out.push(moreMatches(hiddenMatches));
}

function moreMatches(n: number): string {
  return elision(`${formatCount(n)} more ${n === 1 ? 'match' : 'matches'}`);
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
