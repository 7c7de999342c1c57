/**
 * ONNX scorer: our bidirectional cloze word model (models/prose/, trained by models/train/). For each word it gives
 * -log2 p(word | words on both sides): a word the context predicts well is droppable. Inference is async and runs in
 * `prepare`; `score` reads the result back for the same text.
 */
import type { Candidate } from '../layout.ts';
import { alignScores, getSession, int64, loadJson, loadOrt, TextCache } from './ort.ts';
import { getDefaultModelLoader, type ModelLoader, type WordScorer } from './types.ts';

/** models/prose/tokenizer.json: our word tokenizer (see models/train/vocab.py; keep the two in sync). */
interface WordTokenizer {
  type: 'headroom-words-v1';
  vocab: string[];
  window: number;
  specials: { bos: number; eos: number; unk: number; num: number };
}

const TOKEN = /[A-Za-z]+(?:['\u2019][A-Za-z]+)*|[0-9]+|[^\sA-Za-z0-9]/g;
const LN2 = Math.LN2;

export interface OnnxScorerOptions {
  loader?: ModelLoader;
  /** Folder under models/. */
  model?: string;
}

interface Prepared {
  /** Start offset of each scored word token, ascending, and its surprisal in bits. */
  starts: Int32Array;
  bits: Float64Array;
}

/** Tokens of `text` as ids with start offsets; blank lines become paragraph breaks (<eos>) as in training. */
export function encodeWords(text: string, tok: WordTokenizer, index: Map<string, number>): { ids: number[]; starts: number[] } {
  const ids: number[] = [];
  const starts: number[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const gap = text.slice(last, m.index);
    if (ids.length > 0 && /\n[ \t\r]*\n/.test(gap)) {
      ids.push(tok.specials.eos);
      starts.push(-1);
    }
    const t = m[0];
    const c = t.charCodeAt(0);
    ids.push(c >= 48 && c <= 57 ? tok.specials.num : (index.get(t.toLowerCase().replace('\u2019', "'")) ?? tok.specials.unk));
    starts.push(m.index);
    last = m.index + t.length;
  }
  return { ids, starts };
}

export function createOnnxScorer(options: OnnxScorerOptions = {}): WordScorer {
  const model = options.model ?? 'prose';
  const cache = new TextCache<Prepared>();
  let tokenizer: Promise<{ tok: WordTokenizer; index: Map<string, number> }> | undefined;
  const loaderOf = () => options.loader ?? getDefaultModelLoader();
  return {
    name: 'onnx',
    async prepare(text: string) {
      const loader = loaderOf();
      if (!loader || cache.get(text)) return;
      tokenizer ??= loadJson<WordTokenizer>(loader, `${model}/tokenizer.json`).then((tok) => ({
        tok,
        index: new Map(tok.vocab.map((w, i) => [w, i])),
      }));
      const [{ tok, index }, session, ort] = await Promise.all([tokenizer, getSession(loader, `${model}/model.onnx`), loadOrt()]);
      const { ids, starts } = encodeWords(text, tok, index);
      const bits = new Float64Array(ids.length);
      for (let w = 0; w < ids.length; w += tok.window) {
        const win = ids.slice(w, w + tok.window);
        const feeds = { [session.inputNames[0] as string]: int64(ort, [tok.specials.bos, ...win, tok.specials.eos]) };
        const out = await session.run(feeds);
        const lp = out[session.outputNames[0] as string]?.data as Float32Array;
        for (let i = 0; i < win.length; i++) {
          // Unknown words are rarer than anything the model knows: maximal information.
          bits[w + i] = win[i] === tok.specials.unk ? 99 : -(lp[i] as number) / LN2;
        }
      }
      const keep = starts.map((s, i) => (s >= 0 ? i : -1)).filter((i) => i >= 0);
      cache.set(text, {
        starts: Int32Array.from(keep.map((i) => starts[i] as number)),
        bits: Float64Array.from(keep.map((i) => bits[i] as number)),
      });
    },
    score(text: string, candidates: readonly Candidate[]) {
      const p = cache.get(text);
      if (!p) return undefined;
      return alignScores(p.starts, p.bits, candidates, 99);
    },
  };
}
