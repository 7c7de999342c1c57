/**
 * Pluggable token classifiers in the LLMLingua-2 / Kompress layout: models/<name>/model.onnx (inputs input_ids and,
 * if declared, attention_mask; first output = keep/drop logits [1, T, 2]) with a Hugging Face tokenizer.json.
 * A word's score is its mean keep probability over its sub-tokens; the compressor keeps the same layout rules.
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import type { Candidate } from '../layout.ts';
import { alignScores, getSession, int64, loadJson, loadOrt, TextCache } from './ort.ts';
import { getDefaultModelLoader, type ModelLoader, type WordScorer } from './types.ts';

export interface ClassifierOptions {
  /** Folder under models/, e.g. "llmlingua-2". */
  name: string;
  loader?: ModelLoader;
  /** Sub-tokens per inference window, special tokens included. */
  maxTokens?: number;
}

interface Prepared {
  starts: Int32Array;
  keep: Float64Array;
}

const CHUNK = /\S+/g;

export function createClassifierScorer(options: ClassifierOptions): WordScorer {
  const { name } = options;
  const maxTokens = options.maxTokens ?? 512;
  const cache = new TextCache<Prepared>();
  let tokenizer: Promise<Tokenizer> | undefined;
  return {
    name,
    async prepare(text: string) {
      const loader = options.loader ?? getDefaultModelLoader();
      if (!loader || cache.get(text)) return;
      tokenizer ??= Promise.all([
        loadJson<object>(loader, `${name}/tokenizer.json`),
        loadJson<object>(loader, `${name}/tokenizer_config.json`).catch(() => ({})),
              import('@huggingface/tokenizers'),
      ]).then(([tj, cfg, mod]) => new mod.Tokenizer(tj, cfg));
      const [tk, session, ort] = await Promise.all([tokenizer, getSession(loader, `${name}/model.onnx`), loadOrt()]);
      // Words are encoded one by one (as LLMLingua-2 does) so every sub-token maps back to its word.
      const wrap = tk.encode('', { add_special_tokens: true }).ids;
      const [cls, sep] = wrap.length >= 2 ? [wrap.slice(0, 1), wrap.slice(-1)] : [[], []];
      const starts: number[] = [];
      const ids: number[] = [];
      const owner: number[] = [];
      for (const m of text.matchAll(CHUNK)) {
        const sub = tk.encode(m[0], { add_special_tokens: false }).ids;
        for (const id of sub) {
          ids.push(id);
          owner.push(starts.length);
        }
        starts.push(m.index);
      }
      const sum = new Float64Array(starts.length);
      const count = new Float64Array(starts.length);
      const room = Math.max(1, maxTokens - cls.length - sep.length);
      for (let w = 0; w < ids.length; w += room) {
        const win = [...cls, ...ids.slice(w, w + room), ...sep];
        const feeds: Record<string, ReturnType<typeof int64>> = { input_ids: int64(ort, win) };
        if (session.inputNames.includes('attention_mask')) feeds.attention_mask = int64(ort, win.map(() => 1));
        const out = await session.run(feeds);
        const logits = out[session.outputNames[0] as string]?.data as Float32Array;
        const n = Math.min(room, ids.length - w);
        for (let i = 0; i < n; i++) {
          const t = cls.length + i;
          const drop = logits[2 * t] as number;
          const keep = logits[2 * t + 1] as number;
          const o = owner[w + i] as number;
          sum[o] = (sum[o] as number) + 1 / (1 + Math.exp(drop - keep));
          count[o] = (count[o] as number) + 1;
        }
      }
      const keep = new Float64Array(starts.length);
      for (let i = 0; i < keep.length; i++) keep[i] = (count[i] as number) > 0 ? (sum[i] as number) / (count[i] as number) : 1;
      cache.set(text, { starts: Int32Array.from(starts), keep });
    },
    score(text: string, candidates: readonly Candidate[]) {
      const p = cache.get(text);
      if (!p) return undefined;
      return alignScores(p.starts, p.keep, candidates, 1);
    },
  };
}
