/** Search-results compressor (grep, ripgrep, ag, git grep, path lists): public surface for the registry. */
export { NAME, type SearchOptions } from './options.ts';
export { createSearchCompressor, createSearchCompressor as default } from './compressor.ts';
export { searchDetector } from './detect.ts';
