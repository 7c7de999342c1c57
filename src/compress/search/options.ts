/** Name and tuning knobs of the search-results compressor; defaults live in the factory signature. */

export const NAME = 'search';

export interface SearchOptions {
  /** Total match lines kept across all files when the output has to be cut. */
  maxMatches?: number;
  /** Selection only starts above `maxMatches × lossyFactor` matches; below that the output is only regrouped. */
  lossyFactor?: number;
  /** Context lines (grep -C / rg -C) kept on each side of a kept match when cutting. */
  contextLines?: number;
  /** Longest line kept whole when cutting (minified files); longer ones keep a window with an inline note. */
  maxLineChars?: number;
  /** Paths kept when a plain path list (grep -l, rg --files, find) has to be cut. */
  maxPaths?: number;
  /** Smallest saving, as a fraction of characters, worth returning for a lossless regrouping. */
  minGain?: number;
}
