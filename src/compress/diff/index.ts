/** Unified-diff compressor (git diff / show / log -p, diff -u): public surface for the registry. */
export { NAME, type DiffOptions } from './options.ts';
export { createDiffCompressor, createDiffCompressor as default } from './compressor.ts';
export { diffDetector } from './detect.ts';
