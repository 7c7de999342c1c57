/** The contract every compressor implements, and the context the pipeline hands it. */
import type { Query } from './relevance/query.ts';

/** What the router believes a blob of tool output is. */
export type ContentKind = 'json' | 'search' | 'log' | 'diff' | 'code' | 'html' | 'table' | 'text';

export const CONTENT_KINDS: readonly ContentKind[] = ['json', 'search', 'log', 'diff', 'code', 'html', 'table', 'text'];

/** Where the blob came from: the tool that produced it, the file it was read from, the command that ran. */
export interface Hints {
  toolName?: string;
  path?: string;
  command?: string;
  /** Language named by a fenced block's info string or a file extension, e.g. "python". */
  language?: string;
  /** The agent has an Edit/Write of this file pending: it needs the exact text, so lossy compressors leave it alone. */
  pendingEdit?: boolean;
}

export interface CompressInput {
  readonly text: string;
  readonly kind: ContentKind;
  readonly hints: Hints;
}

export interface CompressContext {
  readonly query: Query;
  /**
   * Formats the closing marker of a lossy output, e.g. `[headroom: kept 40 of 1,200 rows · id=…]`.
   * `summary` says what was kept or dropped; the marker adds the retrieval id of the whole original blob.
   */
  marker(summary: string): string;
  /** Monotonic deadline (ms, same clock as `now`) after which a compressor should give up and return null. */
  readonly deadline: number;
  now(): number;
}

export interface CompressorOutput {
  text: string;
  /** True when the original cannot be rebuilt from `text` alone; the pipeline then stores the original. */
  lossy: boolean;
}

/**
 * A compressor is a pure, deterministic function of (input, context). Returning `null` means "declined / no gain";
 * only bugs throw, and the pipeline turns a throw into an unchanged block plus an `error` decision.
 */
export interface Compressor {
  readonly name: string;
  supports?(input: CompressInput): boolean;
  /**
   * Async set-up the pipeline awaits before `compress` (e.g. loading a wasm grammar once per process), so that
   * `compress` itself stays sync and deterministic. A rejection counts as the compressor failing on this input.
   */
  prepare?(input: CompressInput): Promise<void>;
  compress(input: CompressInput, ctx: CompressContext): CompressorOutput | null;
}

/** Scores how likely `text` is of one kind: 0 = no, 1 = certain. Detectors must be cheap (look at a prefix). */
export interface Detector {
  readonly kind: ContentKind;
  detect(text: string, hints: Hints): number;
}
