/**
 * Exact o200k counts of long texts without holding the thread, for runtimes with no counting thread (Deno,
 * Workers; Node counts on a worker, runtimes/node-token-counter.ts). Tokenizing runs at ~3 MB/s on varied text, so
 * counting a 400 KB grep in one call held the event loop for ~130 ms and a 50 MB log for tens of seconds. A long
 * text is counted in slices with a macrotask between them, and the sum is still exact: slices are cut only where
 * the tokenizer's own pre-split starts a piece, and BPE never merges across pieces.
 */
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { COUNT_MAX_CHARS, countTokens, countTokensOnce } from './count.ts';

/** 2 Ki chars: ~0.1–0.7 ms of tokenizing. Texts up to this length are counted in one call (through the memo). */
const SLICE_CHARS = 2 * 1024;
/** Slices run back to back for this long before the thread is given back: a request arriving meanwhile needs a few
 * loop turns to reach its handler, and each turn waits for one batch (measured: 2 ms batches added ~15 ms). */
const BUDGET_MS = 0.5;

/**
 * The split pattern, sticky: from a piece boundary every match starts where the last one ended (its alternatives
 * match any character, and it looks ahead but never behind), so the matches found from a slice's start are exactly
 * the pieces the tokenizer finds in the whole text.
 */
const PIECE = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'uy');
const WHITESPACE = /\s/;
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface SlicedOptions {
  sliceChars?: number;
  budgetMs?: number;
  /** Where the counter gives the thread back (default: a macrotask, so pending I/O runs first). */
  yieldTo?: () => Promise<void>;
}

/** The exact o200k count, or undefined for a text over COUNT_MAX_CHARS (the caller keeps its estimate). */
export async function countTokensSliced(text: string, opts: SlicedOptions = {}): Promise<number | undefined> {
  if (text.length > COUNT_MAX_CHARS) return undefined;
  const sliceChars = opts.sliceChars ?? SLICE_CHARS;
  if (text.length <= sliceChars) return countTokens(text);
  const yieldTo = opts.yieldTo ?? macrotask;
  const budgetMs = opts.budgetMs ?? BUDGET_MS;
  let total = 0;
  let since = performance.now();
  for (let start = 0; start < text.length;) {
    const end = pieceStartAfter(text, start, start + sliceChars);
    total += countTokensOnce(text.slice(start, end));
    start = end;
    if (start < text.length && performance.now() - since >= budgetMs) {
      await yieldTo();
      since = performance.now();
    }
  }
  return total;
}

/**
 * The first piece start at or after `from` that does not follow whitespace, scanning pieces from `boundary` (itself
 * such a start); else text.length. Not after whitespace because of `\s+(?!\S)`: a slice ending in "  " would see
 * the end of its string where the whole text has the next non-space, and split that run differently.
 */
export function pieceStartAfter(text: string, boundary: number, from: number): number {
  if (from >= text.length) return text.length;
  PIECE.lastIndex = boundary;
  while (PIECE.lastIndex < from || WHITESPACE.test(text[PIECE.lastIndex - 1]!)) {
    const before = PIECE.lastIndex;
    if (PIECE.exec(text) === null || PIECE.lastIndex === before) return text.length; // cannot happen; never loop
    if (PIECE.lastIndex >= text.length) return text.length;
  }
  return PIECE.lastIndex;
}
