/** Table compressor: CSV/TSV/markdown tables keep their format, header and a budget of informative rows. */
import { createTableCompressor } from './compress.ts';

export const NAME = 'table';
export { createTableCompressor, type TableOptions } from './compress.ts';
export { tableDetector } from './detect.ts';
export default createTableCompressor;
