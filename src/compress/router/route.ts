/**
 * The content router: detect the kind of a blob (or of each section of mixed content), run that kind's compressors,
 * and put the pieces back together. Every decision is recorded.
 */
import { analyzeQuery, type Query } from '../relevance/query.ts';
import { countTokens } from '../../tokens/count.ts';
import { clearsGain, compressBlob, countingFor, EXACT_DECISION_CHARS, type BlobResult, type Decision, type EngineOptions } from '../pipeline.ts';
import { getDefaultRegistry } from '../registry.ts';
import { TEXT_FALLBACK_SCORE } from '../text/detect.ts';
import type { ContentKind, Hints } from '../types.ts';
import { detectKind, type Detection } from './detect.ts';
import { preambleSplits, splitEmbeddedJson, splitFences, type Section } from './sections.ts';

export interface RouteResult {
  text: string;
  kind: ContentKind | 'mixed';
  tokensBefore: number;
  tokensAfter: number;
  lossy: boolean;
  ids: string[];
  decisions: Decision[];
  /** Exact counts of `text` before and after, when taken on the way (see BlobResult.exact). */
  exact?: { before: number; after: number };
}

/** A payload must be detected with at least this confidence to split it from a preamble. */
const PAYLOAD_SCORE = 0.6;

export async function route(
  text: string,
  hints: Hints,
  query: Query | string | undefined,
  opts: EngineOptions & { kind?: ContentKind },
): Promise<RouteResult> {
  const q = typeof query === 'object' ? query : analyzeQuery(query);
  const detectors = (opts.registry ?? getDefaultRegistry()).detectors;
  if (opts.kind) return merge([await compressBlob(text, opts.kind, 1, hints, q, opts)], opts.kind);

  const whole = detectKind(text, hints, detectors);
  // Fences are explicit structure and always split; other splits only when nothing claims the whole text firmly.
  const sections = splitFences(text) ?? (whole.score > TEXT_FALLBACK_SCORE + 0.3 ? null : splitMixed(text, hints, whole, detectors));
  if (!sections) return merge([await compressBlob(text, whole.kind, whole.score, hints, q, opts)], whole.kind);

  const count = opts.countTokens === false ? estimate : countTokens;
  const results: BlobResult[] = [];
  for (const s of sections) {
    if (s.frame) {
      results.push(frameResult(s.text, count));
      continue;
    }
    const h = { ...hints, ...s.hints };
    const d = detectKind(s.text, h, detectors);
    results.push(await compressBlob(s.text, d.kind, d.score, h, q, opts));
  }
  const merged = merge(results, 'mixed');
  if (!merged.ids.length && merged.text === text) return merged;
  // Sections were counted apart; count the joined text once so totals are exact, and guard against inflation.
  // Each section passed its own guard; this one catches tokenizer boundary effects at the joins (mode-independent).
  const before = count(text);
  const after = count(merged.text);
  const counted = countingFor(text);
  const shrank = text.length <= EXACT_DECISION_CHARS ? clearsGain(text, merged.text, 0, counted.count) : merged.text.length < text.length;
  const known = counted.known();
  if (!shrank) return { ...merged, text, tokensBefore: before, tokensAfter: before, lossy: false, ids: [], exact: known && { before: known.before, after: known.before } };
  return { ...merged, tokensBefore: before, tokensAfter: after, exact: known };
}

const estimate = (text: string) => Math.ceil(text.length / 4);

/** A short preamble whose remainder is confidently another kind; else JSON embedded in prose. */
function splitMixed(
  text: string,
  hints: Hints,
  whole: Detection,
  detectors: Parameters<typeof detectKind>[2],
): Section[] | null {
  for (const cut of preambleSplits(text)) {
    const rest = text.slice(cut);
    const d = detectKind(rest, hints, detectors);
    if (d.score >= PAYLOAD_SCORE && d.score > whole.score) {
      return [
        { text: text.slice(0, cut), hints: {}, frame: true },
        { text: rest, hints: {}, frame: false },
      ];
    }
  }
  return splitEmbeddedJson(text);
}

function frameResult(text: string, count: (t: string) => number): BlobResult {
  // Glue (fence lines, short preambles) is never compressed; its tokens still count toward the totals.
  const t = count(text);
  return {
    text, tokensBefore: t, tokensAfter: t, lossy: false,
    decision: { kind: 'text', score: 0, outcome: 'skipped', reason: 'frame', tokensBefore: t, tokensAfter: t, ms: 0 },
  };
}

function merge(results: BlobResult[], kind: ContentKind | 'mixed'): RouteResult {
  const ids: string[] = [];
  for (const r of results) if (r.id && !ids.includes(r.id)) ids.push(r.id);
  return {
    text: results.map((r) => r.text).join(''),
    kind,
    tokensBefore: results.reduce((s, r) => s + r.tokensBefore, 0),
    tokensAfter: results.reduce((s, r) => s + r.tokensAfter, 0),
    lossy: results.some((r) => r.lossy),
    ids,
    decisions: results.filter((r) => r.decision.reason !== 'frame').map((r) => r.decision),
    ...(results.length === 1 && results[0]!.exact ? { exact: results[0]!.exact } : {}),
  };
}
