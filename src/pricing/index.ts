/** The pricing table (USD per million tokens) and the per-request dollar estimates built on it. */
export { PRICES, PRICES_AS_OF, type ModelPrice } from './table.ts';
export { addCost, estimateCost, priceFor, ZERO_COST, type CostEstimate, type CostInputs } from './estimate.ts';
export { accountingRow, reachedUs, removed, DENOMINATOR, ESTIMATE_NOTE, type AccountingRow } from './accounting.ts';
