/** The log / build / test-output compressor: classify lines, select, render, and decline when it does not pay. */
import { formatCount, hasMarker } from '../../ccr/marker.ts';
import { countTokens } from '../../tokens/count.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { classifyLines } from './classify.ts';
import { activeFormats } from './formats.ts';
import { compileScanner, type Scanner } from './scanner.ts';
import { indexLines } from './lines.ts';
import { renderSelection } from './render.ts';
import { selectLines } from './select.ts';
import { templateKeys } from './template.ts';

export const NAME = 'log';

export interface LogOptions {
  /** Lines always kept at the start and at the end of the output. */
  headLines?: number;
  tailLines?: number;
  /** Lines kept before and after every error line (and after its trace). */
  contextLines?: number;
  /** Long stack traces keep their first `traceHead` and last `traceTail` frame lines. */
  traceHead?: number;
  traceTail?: number;
  /** Cap on one failure's detail section (pytest/jest/go/cargo blocks). */
  maxBlockLines?: number;
  /** Lines of one template at most this far apart count as one run (first and last kept). */
  runGap?: number;
  /** How many ordinary lines may represent the rest of the log. */
  templateBudget?: number;
  /** Lines kept because they match the user's question. */
  queryLines?: number;
  /** Below this saving (fraction of tokens) the compressor declines. */
  minGain?: number;
  /** Inputs shorter than this (lines) are left alone. */
  minLines?: number;
}

/** Above this size the gain check compares characters: exact token counts of megabytes cost more than compressing. */
const EXACT_COUNT_LIMIT = 32_000;
/** How much of the head and tail the format recognisers look at. */
const SAMPLE_CHARS = 16_000;

export function createLogCompressor({
  headLines = 5,
  tailLines = 5,
  contextLines = 2,
  traceHead = 12,
  traceTail = 6,
  maxBlockLines = 120,
  runGap = 16,
  templateBudget = 40,
  queryLines = 12,
  minGain = 0.1,
  minLines = 12,
}: LogOptions = {}): Compressor {
  // Compiled scanners per set of active rows, so V8 compiles each regex once per compressor, not per call.
  const scanners = new Map<string, Scanner>();
  const scannerFor = (formats: ReturnType<typeof activeFormats>): Scanner => {
    const key = formats.map((f) => f.name).join(',');
    let s = scanners.get(key);
    if (!s) scanners.set(key, (s = compileScanner(formats)));
    return s;
  };
  const opts = { headLines, tailLines, contextLines, traceHead, traceTail, maxBlockLines, runGap, templateBudget, queryLines };
  return {
    name: NAME,
    compress(input: CompressInput, ctx: CompressContext): CompressorOutput | null {
      const text = input.text;
      if (text.length < 64 || hasMarker(text)) return null;
      const sample = text.length <= 2 * SAMPLE_CHARS ? text : `${text.slice(0, SAMPLE_CHARS)}\n${text.slice(-SAMPLE_CHARS)}`;
      const formats = activeFormats(sample, input.hints.command);
      const idx = indexLines(text);
      if (idx.count < minLines) return null;
      const expired = () => ctx.now() > ctx.deadline;
      const keys = templateKeys(idx, expired);
      if (keys === null || expired()) return null;
      const scanner = scannerFor(formats);
      const classes = classifyLines(idx, scanner);
      if (expired()) return null;
      const selection = selectLines(idx, classes, keys, scanner, ctx.query, opts);
      if (expired()) return null;
      const { lines, kept } = renderSelection(idx, keys, classes.cls, selection);
      if (kept === idx.count) return null;
      lines.push(ctx.marker(`kept ${formatCount(kept)} of ${formatCount(idx.count)} lines`));
      const out = lines.join('\n');
      const worthIt =
        text.length <= EXACT_COUNT_LIMIT
          ? countTokens(out) <= (1 - minGain) * countTokens(text)
          : out.length <= (1 - minGain) * text.length;
      return worthIt ? { text: out, lossy: true } : null;
    },
  };
}
