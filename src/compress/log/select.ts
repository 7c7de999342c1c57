/**
 * Decides which lines survive. "Aggressive on green, faithful on red": errors and failures keep their detail
 * sections, traces (bounded) and a little context; summaries, the head and the tail are kept; warnings once per
 * template; passing tests collapse to counts; everything else is represented by template samples.
 */
import type { Query } from '../relevance/query.ts';
import type { Classes } from './classify.ts';
import { ERROR, FRAME_BIT, isNoise, SUMMARY, WARNING } from './classify.ts';
import type { LineIndex } from './lines.ts';
import { isBlankLine, lineAt, lineEnd, linesStartingWith } from './lines.ts';
import { relevantLines } from './relevant.ts';
import type { Scanner } from './scanner.ts';
import { sampleTemplates } from './templates.ts';

export interface SelectOptions {
  headLines: number;
  tailLines: number;
  contextLines: number;
  traceHead: number;
  traceTail: number;
  maxBlockLines: number;
  runGap: number;
  templateBudget: number;
  queryLines: number;
}

export interface Selection {
  /** 1 where the original line is printed. */
  readonly keep: Uint8Array;
  /** 1 where a stack frame was cut from a long trace (the elision note says so). */
  readonly veto: Uint8Array;
  /** First kept instance of a repeated warning → how often that warning occurs. */
  readonly warningCounts: Map<number, number>;
}

/** Longest stretch we follow a trace or block; beyond it the rest is ordinary lines. */
const MAX_SCAN = 5000;

function isIndented(idx: LineIndex, i: number): boolean {
  const c = idx.text.charCodeAt(idx.starts[i]!);
  return (c === 32 || c === 9) && !isBlankLine(idx, i);
}

/** Failure detail sections of every active format, kept verbatim up to their line cap. */
function keepBlocks(idx: LineIndex, scanner: Scanner, keep: Uint8Array, maxBlockLines: number): void {
  for (const [led, single, f] of scanner.blocks) {
    const end = f.block!.end;
    const cap = Math.min(f.block!.maxLines ?? maxBlockLines, maxBlockLines);
    for (const s of linesStartingWith(idx, led, single)) {
      keep[s] = 1;
      for (let j = s + 1; j < idx.count && j - s < cap; j++) {
        const line = lineAt(idx, j);
        if (end.test(line) || single.test(line)) break;
        keep[j] = 1;
      }
    }
  }
}

/**
 * Keeps an error line, the trace that follows it (frames, indented lines, chained causes) bounded to its first
 * and last frames, and `context` lines around the whole. Returns the line after the trace.
 */
function keepError(idx: LineIndex, c: Classes, i: number, opts: SelectOptions, keep: Uint8Array, veto: Uint8Array): number {
  const { cls, roles } = c;
  keep[i] = 1;
  for (let k = Math.max(0, i - opts.contextLines); k < i; k++) if (!isNoise(cls[k]!)) keep[k] = 1;
  const frames: number[] = [];
  let j = i + 1;
  for (; j < idx.count && j - i < MAX_SCAN; j++) {
    const k = cls[j]!;
    if (isNoise(k) || k === SUMMARY) break;
    if (k === ERROR) keep[j] = 1;
    else if (roles[j]! & FRAME_BIT || isIndented(idx, j)) frames.push(j);
    else break;
  }
  const max = opts.traceHead + opts.traceTail;
  frames.forEach((f, n) => {
    if (frames.length <= max || n < opts.traceHead || n >= frames.length - opts.traceTail) keep[f] = 1;
    else {
      keep[f] = 0;
      veto[f] = 1;
    }
  });
  const end = j;
  for (let k = end; k < Math.min(idx.count, end + opts.contextLines); k++) if (!isNoise(cls[k]!)) keep[k] = 1;
  return end;
}

export function selectLines(
  idx: LineIndex,
  c: Classes,
  keys: Float64Array,
  scanner: Scanner,
  query: Query,
  opts: SelectOptions,
): Selection {
  const n = idx.count;
  const { cls } = c;
  const keep = new Uint8Array(n);
  const veto = new Uint8Array(n);
  // The first and last lines frame the output; passing tests and progress among them still collapse.
  for (let i = 0; i < Math.min(n, opts.headLines); i++) if (!isNoise(cls[i]!)) keep[i] = 1;
  for (let i = Math.max(0, n - opts.tailLines); i < n; i++) if (!isNoise(cls[i]!)) keep[i] = 1;
  keepBlocks(idx, scanner, keep, opts.maxBlockLines);

  const warnings = new Map<number, { first: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const k = cls[i]!;
    if (k === SUMMARY) keep[i] = 1;
    else if (k === ERROR) i = keepError(idx, c, i, opts, keep, veto) - 1;
    else if (k === WARNING) {
      const w = warnings.get(keys[i]!);
      if (w) w.count++;
      else warnings.set(keys[i]!, { first: i, count: 1 });
    }
  }
  const warningCounts = new Map<number, number>();
  for (const w of warnings.values()) {
    keep[w.first] = 1;
    if (w.count > 1) warningCounts.set(w.first, w.count);
  }

  for (const i of relevantLines(idx, query, opts.queryLines)) keep[i] = 1;
  // Small outputs get a proportionally small sample, or nothing would ever be dropped from them.
  const budget = Math.min(opts.templateBudget, Math.max(4, Math.floor(n / 10)));
  for (const i of sampleTemplates(keys, cls, keep, veto, { runGap: opts.runGap, budget })) keep[i] = 1;

  // A note for one dropped line costs about as much as the line: print short lone lines instead.
  for (let i = 1; i + 1 < n; i++) {
    if (!keep[i] && keep[i - 1] && keep[i + 1] && !veto[i] && lineEnd(idx, i) - idx.starts[i]! <= 120) keep[i] = 1;
  }
  return { keep, veto, warningCounts };
}
