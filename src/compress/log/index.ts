/** Logs, build output and test runs: template repeats, keep every failure verbatim, collapse the green. */
export { NAME, createLogCompressor, createLogCompressor as default } from './compressor.ts';
export type { LogOptions } from './compressor.ts';
export { logDetector } from './detector.ts';
