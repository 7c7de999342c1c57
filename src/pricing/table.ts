/**
 * List prices in USD per million tokens, per model family, for dollar *estimates* only (no discounts, batch or
 * priority tiers; Anthropic's long-context (>200k) rates are not modelled). Sources, checked 2025-11:
 * https://docs.anthropic.com/en/docs/about-claude/pricing and https://platform.openai.com/docs/pricing.
 * OpenAI bills no cache-write surcharge: prompt tokens it caches are billed as input, so its write rates equal input.
 */

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  /** Anthropic cache writes: 1.25× input for the 5-minute TTL, 2× for the 1-hour TTL. */
  cacheWrite5m: number;
  cacheWrite1h: number;
}

export const PRICES_AS_OF = '2025-11';

// Rounded to a thousandth of a cent per million tokens so 3 × 0.1 prints as 0.3.
const r = (v: number): number => Math.round(v * 1e5) / 1e5;
const claude = (input: number, output: number): ModelPrice => ({
  input, output, cacheRead: r(input * 0.1), cacheWrite5m: r(input * 1.25), cacheWrite1h: r(input * 2),
});
const openai = (input: number, output: number, cacheRead: number): ModelPrice => ({
  input, output, cacheRead, cacheWrite5m: input, cacheWrite1h: input,
});

/** Keyed by model-name prefix; the longest matching prefix wins (dated snapshots match their family). */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-5': claude(5, 25),
  'claude-opus-4-1': claude(15, 75),
  'claude-opus-4': claude(15, 75),
  'claude-3-opus': claude(15, 75),
  'claude-sonnet-4-5': claude(3, 15),
  'claude-sonnet-4': claude(3, 15),
  'claude-3-7-sonnet': claude(3, 15),
  'claude-3-5-sonnet': claude(3, 15),
  'claude-haiku-4-5': claude(1, 5),
  'claude-3-5-haiku': claude(0.8, 4),
  'claude-3-haiku': claude(0.25, 1.25),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-4.1-nano': openai(0.1, 0.4, 0.025),
  'gpt-4.1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-4o-mini': openai(0.15, 0.6, 0.075),
  'gpt-4o': openai(2.5, 10, 1.25),
  'o4-mini': openai(1.1, 4.4, 0.275),
  'o3-mini': openai(1.1, 4.4, 0.55),
  'o3': openai(2, 8, 0.5),
  'codex-mini': openai(1.5, 6, 0.375),
};
