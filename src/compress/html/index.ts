/** html: fetched web pages reduced to their main content as compact markdown. */
export { NAME, type HtmlOptions, createHtmlCompressor, createHtmlCompressor as default } from './compressor.ts';
export { htmlDetector } from './detect.ts';
