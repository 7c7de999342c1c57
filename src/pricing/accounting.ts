/**
 * The honest-accounting buckets of a ledger bucket, shared by `headroom stats` and the dashboard: tokens our
 * compression removed, the provider's cache discount (cache reads), cache writes and output are kept apart, every
 * percentage has one stated denominator — input tokens that reached us — and dollars are estimates.
 */
import type { Bucket } from '../proxy/stats.ts';
import { ZERO_COST, type CostEstimate } from './estimate.ts';
import { PRICES_AS_OF } from './table.ts';

export const DENOMINATOR = 'input tokens that reached us (prompt tokens the provider reported, incl. cache reads and writes, plus the tool-output tokens we removed before forwarding)';
export const ESTIMATE_NOTE = `$ figures are estimates at list prices (src/pricing, as of ${PRICES_AS_OF}); tokens we removed are counted with o200k, so for Claude models they are estimates too`;

export interface AccountingRow {
  key: string;
  requests: number;
  errors: number;
  /** The denominator of every percentage. */
  inputReachedUs: number;
  removedByUs: number;
  cacheRead: number;
  cacheWrite: number;
  input: number;
  output: number;
  /** USD estimates; `unpriced` requests (model not in the table) are left out of them. */
  usd: CostEstimate;
  unpriced: number;
}

export const removed = (b: Bucket): number => Math.max(0, b.tokensBefore - b.tokensAfter);
export const reachedUs = (b: Bucket): number => b.usage.input + b.usage.cacheRead + b.usage.cacheWrite + removed(b);

export function accountingRow(key: string, b: Bucket): AccountingRow {
  return {
    key, requests: b.requests, errors: b.errors, inputReachedUs: reachedUs(b), removedByUs: removed(b), cacheRead: b.usage.cacheRead,
    cacheWrite: b.usage.cacheWrite, input: b.usage.input, output: b.usage.output, usd: b.cost ?? ZERO_COST, unpriced: b.unpriced ?? 0,
  };
}

