/** The search-results compressor: regroups grep/rg output by file, and cuts to a budget only when it is big. */
import { formatCount, hasMarker, plural } from '../../ccr/marker.ts';
import { countTokens } from '../../tokens/count.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { NAME, type SearchOptions } from './options.ts';
import { type Entry, type FileGroup, parseSearch } from './parse.ts';
import { parsePathList, renderPathsLossless, renderPathsSelected } from './paths.ts';
import { renderLossless, renderSelected } from './render.ts';
import { type MatchGroup, selectMatches } from './select-matches.ts';

// Below this size fixed costs (marker, notes, headings) can outweigh a small saving, so tokens are counted exactly;
// above it the character margin is large enough to hold for tokens too, and counting would be slow.
const EXACT_CHECK_CHARS = 32_768;

function growsTokens(out: string, text: string): boolean {
  return text.length <= EXACT_CHECK_CHARS && countTokens(out) >= countTokens(text);
}

function splitLines(text: string): { lines: string[]; trailer: string } {
  const trailer = text.endsWith('\r\n') ? '\r\n' : text.endsWith('\n') ? '\n' : '';
  const body = text.slice(0, text.length - trailer.length);
  const lines = body.split('\n');
  // CRLF output (Windows tools): compare and print without the '\r'; the line breaks are not content.
  if (trailer === '\r\n' || (lines.length > 1 && lines[0]!.endsWith('\r'))) {
    for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  }
  return { lines, trailer: trailer === '' ? '' : '\n' };
}

/** Rough o200k token count of a line of code or prose: about four characters a token, plus its line break. */
const estTokens = (chars: number): number => Math.ceil(chars / 4) + 1;
const lineCost = (e: Entry, maxLineChars: number): number =>
  estTokens(e.num.length + 1 + Math.min(e.content.length, maxLineChars));

/**
 * One file's matches as the selection sees them. Relevance text: the match line plus the context lines that may be
 * shown with it, since the question's words often sit next to the matched pattern rather than on the same line.
 * Costs: what the line (clipped like the renderer clips it) and its context would add to the output.
 */
function matchGroup(file: FileGroup, contextLines: number, maxLineChars: number): MatchGroup {
  const { entries } = file;
  const items: string[] = [];
  const lines: string[] = [];
  const costs: number[] = [];
  const contextCosts: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind !== 'match') continue;
    let text = e.content;
    let extra = 0;
    for (let j = i - 1; j >= 0 && i - j <= contextLines && entries[j]!.kind === 'context'; j--) {
      text = `${entries[j]!.content}\n${text}`;
      extra += lineCost(entries[j]!, maxLineChars);
    }
    for (let j = i + 1; j < entries.length && j - i <= contextLines && entries[j]!.kind === 'context'; j++) {
      text += `\n${entries[j]!.content}`;
      extra += lineCost(entries[j]!, maxLineChars);
    }
    items.push(text);
    lines.push(e.content);
    costs.push(lineCost(e, maxLineChars));
    contextCosts.push(extra);
  }
  return { label: file.path, items, lines, costs, contextCosts, headingCost: estTokens(file.path.length) + 1 };
}

export function createSearchCompressor({
  maxMatches = 60,
  lossyFactor = 1.5,
  budgetScale = 4.5,
  minBudget = 150,
  contextLines = 2,
  contextMatches = 2,
  maxLineChars = 400,
  maxPaths = 150,
  minGain = 0.1,
}: SearchOptions = {}): Compressor {
  const worthIt = (out: string, original: string) =>
    out.length <= original.length * (1 - minGain) && !growsTokens(out, original);

  return {
    name: NAME,
    supports: (input) => input.kind === 'search',
    compress(input: CompressInput, ctx: CompressContext): CompressorOutput | null {
      const text = input.text;
      if (text.length < 64 || hasMarker(text)) return null;
      const { lines, trailer } = splitLines(text);
      const parsed = parseSearch(lines, () => ctx.now() > ctx.deadline);
      if (ctx.now() > ctx.deadline) return null;
      if (parsed) {
        if (parsed.matches <= maxMatches * lossyFactor) {
          if (parsed.grouped) return null;
          const out = renderLossless(parsed) + trailer;
          return worthIt(out, text) ? { text: out, lossy: false } : null;
        }
        const files = parsed.blocks.filter((b): b is FileGroup => b.type === 'file');
        const groups = files.map((f) => matchGroup(f, contextLines, maxLineChars));
        const hasQuery = ctx.query.terms.length > 0 || ctx.query.exact.length > 0;
        // Grows with the square root of the input: ten times the hits is not ten times the answer. Without a
        // question nothing singles out a few hits, so the spread gets twice as much.
        const scaled = Math.round(budgetScale * Math.sqrt(text.length / 4));
        const tokens = Math.max(minBudget, scaled) * (hasQuery ? 1 : 2);
        const picks = selectMatches(groups, ctx.query, { tokens, maxMatches, contextMatches });
        if (ctx.now() > ctx.deadline) return null;
        const { text: body, stats } = renderSelected(parsed, picks, contextLines, maxLineChars, ctx.query);
        let summary = `kept ${formatCount(stats.keptMatches)} of ${plural(parsed.matches, 'match', 'matches')}`;
        summary +=
          stats.keptFiles === parsed.files
            ? ` in ${plural(parsed.files, 'file')}`
            : ` from ${formatCount(stats.keptFiles)} of ${plural(parsed.files, 'file')}`;
        if (stats.contextLines > 0) {
          summary += `, ${formatCount(stats.keptContext)} of ${plural(stats.contextLines, 'context line')}`;
        }
        if (stats.clipped > 0) summary += `; clipped ${plural(stats.clipped, 'long line')}`;
        const out = `${body}\n${ctx.marker(summary)}${trailer}`;
        return out.length < text.length && !growsTokens(out, text) ? { text: out, lossy: true } : null;
      }
      const list = parsePathList(lines);
      if (!list) return null;
      if (list.paths.length <= maxPaths * lossyFactor) {
        const out = renderPathsLossless(list) + trailer;
        return worthIt(out, text) ? { text: out, lossy: false } : null;
      }
      const sel = renderPathsSelected(list, ctx.query, maxPaths);
      if (ctx.now() > ctx.deadline) return null;
      const summary = `kept ${formatCount(sel.kept)} of ${plural(list.paths.length, 'path')}`;
      const out = `${sel.text}\n${ctx.marker(summary)}${trailer}`;
      return out.length < text.length && !growsTokens(out, text) ? { text: out, lossy: true } : null;
    },
  };
}
