/**
 * The prose compressor: drops the least informative plain words inside prose lines, keeping every newline,
 * indentation, heading, list marker, code block, number, identifier, quoted string, query word and every
 * negation/quantifier/modal (see protect.ts). Output reads as clipped English with the original line structure.
 */
import { formatCount } from '../../ccr/marker.ts';
import { STOPWORDS } from '../relevance/stopwords.ts';
import type { Compressor, CompressorOutput } from '../types.ts';
import { type Candidate, scanLayout } from './layout.ts';
import { createClassifierScorer } from './scorers/classifier.ts';
import { createFrequencyScorer, surprisalTable } from './scorers/frequency.ts';
import { createOnnxScorer } from './scorers/onnx.ts';
import type { ModelLoader, WordScorer } from './scorers/types.ts';

export const NAME = 'text';

/** 'frequency' (table lookups), 'onnx' (our cloze model in models/prose/) or the folder name of a classifier. */
export type TextScorerName = 'frequency' | 'onnx' | (string & {});

export interface TextOptions {
  /** Which scorer ranks words; model scorers fall back to 'frequency' until their model is loaded. */
  scorer?: TextScorerName;
  /** Fraction of droppable words (plain, unprotected words in prose lines) to drop. */
  dropRate?: number;
  /** Below this many words of prose the text is left alone. */
  minWords?: number;
  /** Reads models/ files (defaults to the loader the runtime installed). */
  loader?: ModelLoader;
}

/** Chosen by bench/text.ts (see README): the best tokens-saved at 100% facts kept. */
export const DEFAULT_DROP_RATE = 0.65;

export function scorerFor(name: TextScorerName, loader?: ModelLoader): WordScorer {
  if (name === 'frequency') return createFrequencyScorer();
  if (name === 'onnx') return createOnnxScorer({ loader });
  return createClassifierScorer({ name, loader });
}

/** Share of chunks that are dictionary words: below this, the "prose" is data, code or a listing. */
const MIN_DICTIONARY_SHARE = 0.5;

export function createTextCompressor({
  scorer = 'frequency',
  dropRate = DEFAULT_DROP_RATE,
  minWords = 40,
  loader,
}: TextOptions = {}): Compressor {
  const primary = scorerFor(scorer, loader);
  const fallback = primary.name === 'frequency' ? primary : createFrequencyScorer();
  return {
    name: NAME,
    async prepare(input) {
      if (primary.prepare) await primary.prepare(input.text);
    },
    compress(input, ctx): CompressorOutput | null {
      const { text } = input;
      const layout = scanLayout(text, ctx.query, ctx.deadline, ctx.now);
      if (!layout || layout.words < minWords || layout.candidates.length === 0) return null;
      // Mostly non-prose (tool output the other detectors missed): never risk it.
      if (layout.proseChars < text.length * 0.5) return null;
      const cands = layout.candidates;
      if (!dictionaryShareOk(cands)) return null;
      let used = primary;
      let scores = primary.score(text, cands);
      if (!scores) {
        used = fallback;
        scores = fallback.score(text, cands) as Float64Array;
      }
      if (used.name === 'frequency' || used.name === 'onnx') tierFunctionWords(cands, scores);
      const drop = Math.floor(cands.length * dropRate);
      if (drop === 0) return null;
      // Lowest score first; ties broken by position so the choice is deterministic.
      const order = Array.from(cands.keys());
      const s = scores;
      order.sort((a, b) => (s[a] as number) - (s[b] as number) || a - b);
      const dropped = new Uint8Array(cands.length);
      for (let k = 0; k < drop; k++) dropped[order[k] as number] = 1;
      if (ctx.now() > ctx.deadline) return null;
      const out = render(text, cands, dropped);
      const summary = `dropped ${formatCount(drop)} of ${formatCount(layout.chunks)} words (${used.name} scorer); layout, numbers, names and negations kept`;
      return { text: `${out}\n${ctx.marker(summary)}`, lossy: true };
    },
  };
}

/**
 * Function words (the, of, is, which …) go before any content word: a surprisal scale alone ranks frequent content
 * words ("file", "client", "request") below rare function words, and losing those is what costs facts. Bits-based
 * scorers only; a classifier's keep probability already encodes its own policy.
 */
export const CONTENT_BONUS_BITS = 16;

function tierFunctionWords(cands: readonly Candidate[], scores: Float64Array): void {
  for (let i = 0; i < cands.length; i++) {
    if (!STOPWORDS.has((cands[i] as Candidate).lower)) scores[i] = (scores[i] as number) + CONTENT_BONUS_BITS;
  }
}

function dictionaryShareOk(cands: readonly Candidate[]): boolean {
  const table = surprisalTable();
  let known = 0;
  const n = Math.min(cands.length, 400);
  for (let i = 0; i < n; i++) if (table.has((cands[i] as Candidate).lower)) known++;
  return known >= n * MIN_DICTIONARY_SHARE;
}

/**
 * Removes each dropped chunk with the whitespace before it, or after it when nothing is kept before it on its line
 * (so a line never gains leading or trailing spaces); indentation, markers and newlines are copied untouched.
 */
function render(text: string, cands: readonly Candidate[], dropped: Uint8Array): string {
  const parts: string[] = [];
  let pos = 0;
  let line = -1;
  let cursor = 0;
  let hasKept = false;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i] as Candidate;
    if (c.body !== line) {
      line = c.body;
      cursor = c.body;
      hasKept = false;
    }
    if (!hasKept && /\S/.test(text.slice(cursor, c.start))) hasKept = true;
    if (!dropped[i]) {
      hasKept = true;
      cursor = c.end;
      continue;
    }
    let start = c.start;
    let end = c.end;
    if (hasKept) {
      while (start > cursor && isBlank(text.charCodeAt(start - 1))) start--;
    } else {
      while (end < text.length && isBlank(text.charCodeAt(end))) end++;
    }
    parts.push(text.slice(pos, start));
    pos = end;
    cursor = end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

const isBlank = (c: number) => c === 32 || c === 9;
