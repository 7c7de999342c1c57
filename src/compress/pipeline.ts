/**
 * compressText: one blob of tool output → routed, compressed, guarded, stored. Fails open: a compressor that throws
 * or overruns its budget leaves the text unchanged and the reason is recorded. Never returns more tokens than came in.
 */
import { contentId } from '../ccr/id.ts';
import { hasMarker } from '../ccr/marker.ts';
import type { Store } from '../store/store.ts';
import { countTokens } from '../tokens/count.ts';
import { createContext } from './context.ts';
import { getDefaultRegistry, type Registry } from './registry.ts';
import type { Query } from './relevance/query.ts';
import type { ContentKind, Hints } from './types.ts';

export type Outcome = 'applied' | 'declined' | 'below-gain' | 'error' | 'skipped';

export interface Decision {
  kind: ContentKind;
  /** Detector confidence for the chosen kind (1 when the caller forced the kind). */
  score: number;
  compressor?: string;
  outcome: Outcome;
  reason?: string;
  tokensBefore: number;
  tokensAfter: number;
  ms: number;
  id?: string;
}

export interface EngineOptions {
  registry?: Registry;
  /** Where originals of lossy output go; without one, lossy compression is skipped (nothing could be retrieved). */
  store?: Store;
  /** Blobs smaller than this many tokens are left alone. */
  minTokens?: number;
  /** A result must save at least this fraction of tokens to be used. */
  minGain?: number;
  /** Per-blob time budget for a compressor, in ms. */
  budgetMs?: number;
  /** False: skip exact counting (request-path speed); token figures are then chars/4 estimates and labelled so. */
  countTokens?: boolean;
  now?: () => number;
}

export interface BlobResult {
  text: string;
  tokensBefore: number;
  tokensAfter: number;
  lossy: boolean;
  id?: string;
  decision: Decision;
  /**
   * Exact o200k counts when they were taken anyway for the gain decision while the figures above are estimates
   * (`countTokens: false`): the proxy's record then need not tokenize the same texts again.
   */
  exact?: { before: number; after: number };
}

export const DEFAULTS = { minTokens: 200, minGain: 0.1, budgetMs: 5000 } as const;

const estimate = (text: string) => Math.ceil(text.length / 4);

/** Inputs up to this many characters are judged on exact token counts (≈3 ms of tokenizing at most). */
export const EXACT_DECISION_CHARS = 64 * 1024;

/** Same answer whatever the counting mode: chars where clear-cut, exact tokens in the ambiguous band. */
function aboveMinimum(text: string, minTokens: number): boolean {
  if (text.length < minTokens * 2) return false;
  if (text.length > minTokens * 8) return true;
  return countTokens(text) >= minTokens;
}

/**
 * True when `out` saves at least `minGain` of the tokens of `text` (which also rules out inflation). Exact for inputs
 * up to EXACT_DECISION_CHARS; beyond that tokenizing the input would cost more than compressing it, so large inputs
 * must shrink by a wider margin in characters, which on tool output implies the token saving.
 */
export function clearsGain(text: string, out: string, minGain: number, exact: (t: string) => number): boolean {
  if (text.length <= EXACT_DECISION_CHARS) return exact(out) <= exact(text) * (1 - minGain);
  return out.length <= text.length * (1 - minGain) * 0.7;
}

/**
 * An exact counter for one gain decision that remembers what it counted: `text`'s count and the other one
 * (the output's), so the caller can hand exact figures on instead of tokenizing the same texts again later.
 */
export function countingFor(text: string, count: (t: string) => number = countTokens) {
  let before: number | undefined;
  let after: number | undefined;
  return {
    count(t: string): number {
      const n = count(t);
      if (t === text) before = n;
      else after = n;
      return n;
    },
    /** Both counts, when the decision took both. */
    known: (): { before: number; after: number } | undefined => (before !== undefined && after !== undefined ? { before, after } : undefined),
  };
}

/** Compresses one blob of a known kind with that kind's compressors; the first that clears the gain wins. */
export async function compressBlob(
  text: string,
  kind: ContentKind,
  score: number,
  hints: Hints,
  query: Query,
  opts: EngineOptions,
): Promise<BlobResult> {
  const now = opts.now ?? (() => performance.now());
  const count = opts.countTokens === false ? estimate : countTokens;
  const started = now();
  const minTokens = opts.minTokens ?? DEFAULTS.minTokens;
  const unchanged = (outcome: Outcome, reason: string, tokens: number, compressor?: string): BlobResult => ({
    text,
    tokensBefore: tokens,
    tokensAfter: tokens,
    lossy: false,
    decision: { kind, score, compressor, outcome, reason, tokensBefore: tokens, tokensAfter: tokens, ms: now() - started },
  });
  // Decisions (size gate, gain, inflation guard) must not depend on `countTokens`, or the same input would compress
  // differently on the request path and in stats. So they use exact counts where counting is cheap, and the same
  // character rule in both modes where it is not.
  if (!aboveMinimum(text, minTokens)) return unchanged('skipped', 'below minimum size', count(text));
  const before = count(text);
  if (hasMarker(text)) return unchanged('skipped', 'already compressed by headroom', before);
  const compressors = (opts.registry ?? getDefaultRegistry()).compressors[kind];
  if (compressors.length === 0) return unchanged('declined', `no compressor registered for ${kind}`, before);

  const id = await contentId(text);
  const minGain = opts.minGain ?? DEFAULTS.minGain;
  let last = unchanged('declined', 'every compressor declined', before);
  for (const compressor of compressors) {
    const input = { text, kind, hints };
    if (compressor.supports && !compressor.supports(input)) continue;
    let out;
    try {
      // One-time async set-up (e.g. a wasm grammar) runs before the budget clock starts.
      if (compressor.prepare) await compressor.prepare(input);
    } catch (err) {
      last = unchanged('error', `prepare failed: ${err instanceof Error ? err.message : String(err)}`, before, compressor.name);
      continue;
    }
    const ctx = createContext({ query, id, budgetMs: opts.budgetMs ?? DEFAULTS.budgetMs, now });
    try {
      out = compressor.compress(input, ctx);
    } catch (err) {
      last = unchanged('error', `threw: ${err instanceof Error ? err.message : String(err)}`, before, compressor.name);
      continue;
    }
    if (ctx.now() > ctx.deadline) {
      last = unchanged('error', 'time budget exceeded', before, compressor.name);
      continue;
    }
    if (!out) {
      last = unchanged('declined', 'declined', before, compressor.name);
      continue;
    }
    const after = count(out.text);
    // In exact mode both counts are already known; in fast mode the small ones are counted here, and kept.
    const counted = countingFor(text, count === countTokens ? (t) => (t === text ? before : after) : countTokens);
    if (!clearsGain(text, out.text, minGain, counted.count)) {
      last = unchanged('below-gain', `${after} of ${before} tokens is below the minimum gain`, before, compressor.name);
      continue;
    }
    if (out.lossy) {
      if (!opts.store) {
        last = unchanged('declined', 'lossy output needs a store for the original', before, compressor.name);
        continue;
      }
      try {
        await opts.store.putOriginal(text, { kind, toolName: hints.toolName }, id);
      } catch (err) {
        // Never hand out a marker whose original we could not keep.
        last = unchanged('error', `store failed: ${err instanceof Error ? err.message : String(err)}`, before, compressor.name);
        continue;
      }
    }
    return {
      text: out.text,
      tokensBefore: before,
      tokensAfter: after,
      lossy: out.lossy,
      id: out.lossy ? id : undefined,
      decision: {
        kind, score, compressor: compressor.name, outcome: 'applied',
        tokensBefore: before, tokensAfter: after, ms: now() - started, id: out.lossy ? id : undefined,
      },
      ...(count !== countTokens && counted.known() ? { exact: counted.known() } : {}),
    };
  }
  return last;
}
