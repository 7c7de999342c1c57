/** JSON / NDJSON compressor: minified, tables for uniform arrays, informative row selection for long arrays. */
import { createJsonCompressor } from './compress.ts';

export const NAME = 'json';
export { createJsonCompressor, type JsonOptions } from './compress.ts';
export { jsonDetector } from './detect.ts';
export { type RowColumn, type RowSelection, type RowTable, type SelectOptions, selectRows } from './select-rows.ts';
export { summarizeDropped } from './summarize-rows.ts';
export default createJsonCompressor;
