/**
 * onnxruntime-web, loaded on first use (dynamic import: processes that never use a model never load it) with one
 * wasm thread, so decisions and CPU use are the same everywhere. Sessions are created once per (loader, file).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { ModelLoader } from './types.ts';

export type Ort = typeof import('onnxruntime-web');

let ortPromise: Promise<Ort> | undefined;

export function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-web').then((ort) => {
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return ort;
  });
  return ortPromise;
}

const sessions = new WeakMap<ModelLoader, Map<string, Promise<InferenceSession>>>();

export function getSession(loader: ModelLoader, file: string): Promise<InferenceSession> {
  let byFile = sessions.get(loader);
  if (!byFile) sessions.set(loader, (byFile = new Map()));
  let s = byFile.get(file);
  if (!s) {
    s = Promise.all([loadOrt(), loader(file)]).then(([ort, bytes]) =>
      ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
    // A failed load is not cached: a later request may succeed (e.g. the loader was installed afterwards).
    s.catch(() => byFile.delete(file));
    byFile.set(file, s);
  }
  return s;
}

export async function loadJson<T>(loader: ModelLoader, file: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await loader(file))) as T;
}

export function int64(ort: Ort, values: readonly number[]): Tensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i] as number);
  return new ort.Tensor('int64', data, [1, values.length]);
}

/** A small most-recent cache of per-text results, so `compress(text)` finds what `prepare(text)` computed. */
export class TextCache<V> {
  private readonly entries: [string, V][] = [];
  constructor(private readonly size = 8) {}
  get(text: string): V | undefined {
    for (const [k, v] of this.entries) if (k === text) return v;
    return undefined;
  }
  set(text: string, value: V): void {
    const i = this.entries.findIndex(([k]) => k === text);
    if (i >= 0) this.entries.splice(i, 1);
    this.entries.push([text, value]);
    if (this.entries.length > this.size) this.entries.shift();
  }
}

/**
 * Scores per candidate word from scores per model position: both lists are sorted by character offset; a candidate
 * the model gave no score (a word it skipped) gets `missing`.
 */
export function alignScores(starts: Int32Array, values: Float64Array, candidates: readonly { start: number }[], missing: number): Float64Array {
  const out = new Float64Array(candidates.length);
  let j = 0;
  for (let i = 0; i < candidates.length; i++) {
    const start = (candidates[i] as { start: number }).start;
    while (j < starts.length && (starts[j] as number) < start) j++;
    out[i] = j < starts.length && starts[j] === start ? (values[j] as number) : missing;
  }
  return out;
}
