/** The word-scorer contract shared by the frequency, ONNX and classifier scorers. */
import type { Candidate } from '../layout.ts';

/**
 * Scores candidate words: higher = more informative = kept longer. Scores only need to rank words of one text.
 * `prepare` does the async part (model load, inference) before the sync `score`; `score` returns undefined when no
 * prepared result is available for `text` (the compressor then falls back to the frequency scorer).
 */
export interface WordScorer {
  readonly name: string;
  prepare?(text: string): Promise<void>;
  score(text: string, candidates: readonly Candidate[]): Float64Array | undefined;
}

/**
 * Returns the bytes of a file shipped in models/, e.g. "prose/model.onnx". Injected by the runtime (Node reads
 * the package's models/ folder, see runtimes/node-models.ts) so src/ stays web-standard.
 */
export type ModelLoader = (file: string) => Promise<Uint8Array>;

let defaultLoader: ModelLoader | undefined;

/** Installs the loader model scorers use when none is passed in options. */
export function setDefaultModelLoader(loader: ModelLoader | undefined): void {
  defaultLoader = loader;
}

export function getDefaultModelLoader(): ModelLoader | undefined {
  return defaultLoader;
}
