/** Name and tuning knobs of the search-results compressor; defaults live in the factory signature. */

export const NAME = 'search';

export interface SearchOptions {
  /** Most match lines kept across all files when the output has to be cut, whatever the token budget allows. */
  maxMatches?: number;
  /** Selection only starts above `maxMatches × lossyFactor` matches; below that the output is only regrouped. */
  lossyFactor?: number;
  /**
   * Token budget of a cut result, as estimated tokens per square root of the input's estimated tokens (4.5 keeps
   * ~450 of 10k tokens, ~1,400 of 100k); doubled when there is no question to single matches out.
   */
  budgetScale?: number;
  /** Smallest token budget of a cut result. */
  minBudget?: number;
  /** Context lines (grep -C / rg -C) kept on each side of a match that keeps its context when cutting. */
  contextLines?: number;
  /** How many of the best query matches keep their context lines when cutting; every other match is shown bare. */
  contextMatches?: number;
  /** Longest line kept whole when cutting (minified files); longer ones keep a window with an inline note. */
  maxLineChars?: number;
  /** Paths kept when a plain path list (grep -l, rg --files, find) has to be cut. */
  maxPaths?: number;
  /** Smallest saving, as a fraction of characters, worth returning for a lossless regrouping. */
  minGain?: number;
}
