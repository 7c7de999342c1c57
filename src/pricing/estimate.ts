/**
 * Dollar estimates for one request, in separate buckets that are never summed into one "savings" figure:
 * what our compression removed (priced as input it would have been), the provider's cache discount (cache reads
 * billed below input — the provider's saving, not ours), cache writes, plain input and output.
 */
import { PRICES, type ModelPrice } from './table.ts';

export interface CostEstimate {
  /** Tokens our compression removed, priced at the model's input rate (o200k counts: an estimate for Claude). */
  savedByUs: number;
  /** Cache reads × (input − cache-read rate): what the provider's prompt cache took off the bill. */
  cacheDiscount: number;
  /** Cache writes at the 5-minute write rate (the usage we read does not split 5m from 1h writes). */
  cacheWrites: number;
  input: number;
  output: number;
}

export interface CostInputs {
  model?: string;
  /** Tokens we removed from the request's tool output. */
  removed: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export const ZERO_COST: CostEstimate = { savedByUs: 0, cacheDiscount: 0, cacheWrites: 0, input: 0, output: 0 };

const PREFIXES = Object.keys(PRICES).sort((a, b) => b.length - a.length);

/** The price of a model by its longest known prefix (provider prefixes like "anthropic/" are ignored); undefined if unknown. */
export function priceFor(model: string | undefined): ModelPrice | undefined {
  if (!model) return undefined;
  const name = model.toLowerCase().replace(/^.*\//, '');
  const key = PREFIXES.find((p) => name.startsWith(p));
  return key ? PRICES[key] : undefined;
}

const M = 1e6;

/** Undefined when the model is not in the pricing table: an unknown price is left out, never guessed. */
export function estimateCost(x: CostInputs, price = priceFor(x.model)): CostEstimate | undefined {
  if (!price) return undefined;
  return {
    savedByUs: (x.removed * price.input) / M,
    cacheDiscount: (x.cacheRead * (price.input - price.cacheRead)) / M,
    cacheWrites: (x.cacheWrite * price.cacheWrite5m) / M,
    input: (x.input * price.input) / M,
    output: (x.output * price.output) / M,
  };
}

export function addCost(a: CostEstimate, b: CostEstimate): CostEstimate {
  return {
    savedByUs: a.savedByUs + b.savedByUs, cacheDiscount: a.cacheDiscount + b.cacheDiscount,
    cacheWrites: a.cacheWrites + b.cacheWrites, input: a.input + b.input, output: a.output + b.output,
  };
}
