/**
 * The registry table: which detectors exist and which compressors run, in order, for each kind.
 * Core code looks kinds up here; it never branches on a kind's name.
 */
import { codeDetector, createCodeCompressor, type CodeOptions } from './code/index.ts';
import { createDiffCompressor, diffDetector, type DiffOptions } from './diff/index.ts';
import { createHtmlCompressor, htmlDetector, type HtmlOptions } from './html/index.ts';
import { createJsonCompressor, jsonDetector, type JsonOptions } from './json/index.ts';
import { createLogCompressor, logDetector, type LogOptions } from './log/index.ts';
import { createSearchCompressor, searchDetector, type SearchOptions } from './search/index.ts';
import { createTableCompressor, tableDetector, type TableOptions } from './table/index.ts';
import { createTextCompressor, textDetector, type TextOptions } from './text/index.ts';
import type { Compressor, ContentKind, Detector } from './types.ts';

/** Per-compressor options, keyed by compressor name. */
export interface CompressorOptions {
  json?: JsonOptions;
  log?: LogOptions;
  search?: SearchOptions;
  diff?: DiffOptions;
  html?: HtmlOptions;
  table?: TableOptions;
  code?: CodeOptions;
  text?: TextOptions;
}

export interface Registry {
  /** In priority order: on equal scores the earlier detector wins. */
  readonly detectors: readonly Detector[];
  readonly compressors: Readonly<Record<ContentKind, readonly Compressor[]>>;
}

export const DETECTORS: readonly Detector[] = [
  jsonDetector,
  diffDetector,
  searchDetector,
  htmlDetector,
  tableDetector,
  logDetector,
  codeDetector,
  textDetector,
];

export function createRegistry(options: CompressorOptions = {}): Registry {
  return {
    detectors: DETECTORS,
    compressors: {
      json: [createJsonCompressor(options.json)],
      log: [createLogCompressor(options.log)],
      search: [createSearchCompressor(options.search)],
      diff: [createDiffCompressor(options.diff)],
      html: [createHtmlCompressor(options.html)],
      table: [createTableCompressor(options.table)],
      // Declines (passes code through) until a grammar loader is installed: runtimes/node-wasm.ts on Node.
      code: [createCodeCompressor(options.code)],
      // Model scorers fall back to word frequencies until runtimes/node-models.ts (or another loader) is installed.
      text: [createTextCompressor(options.text)],
    },
  };
}

let defaultRegistry: Registry | undefined;

export function getDefaultRegistry(): Registry {
  defaultRegistry ??= createRegistry();
  return defaultRegistry;
}
