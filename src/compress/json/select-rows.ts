/**
 * Lossy row selection shared by the JSON and table compressors: given rows of named fields, keep a budget of rows
 * chosen for information — first/last, error-like rows, structural outliers, numeric anomalies, change points and
 * rows matching the user's question — then fill the budget with evenly spaced rows. Kept rows stay in their
 * original order; the caller renders them byte-faithfully and summarises the rest with `summarizeDropped`.
 */
import type { Query } from '../relevance/query.ts';
import { queryScores } from './query-rows.ts';
import { SIGNAL_THRESHOLD, scoreSignals } from './row-signals.ts';

export interface RowColumn {
  readonly name: string;
  /** Raw cell text per row (JSON source text for JSON, cell text for tables); `undefined` when the row lacks it. */
  readonly values: readonly (string | undefined)[];
}

export interface RowTable {
  readonly rowCount: number;
  readonly columns: readonly RowColumn[];
  /** The whole row as text, for query matching and for telling near-duplicate rows apart. */
  rowText(row: number): string;
}

export interface SelectOptions {
  /** Most rows to keep, first and last included. */
  readonly maxRows: number;
  readonly query: Query;
  /** Returns true once the time budget is spent; selection then gives up and returns null. */
  readonly timeUp: () => boolean;
}

export interface RowSelection {
  /** Indices of the kept rows, ascending. */
  readonly keep: number[];
  /** Rows whose values look like errors/warnings, and how many of them were kept. */
  readonly errorRows: number;
  readonly keptErrorRows: number;
}

// Query matches weigh up to this much; a row matching the question about as well as the best one outranks a
// rare-value row but not an error row.
const QUERY_WEIGHT = 6;
const MASK_DIGITS = /\d+/g;
const SMALL_BUDGET = 5;
// Shapes are told apart among the best candidates only: when most rows are candidates, masking every row's text
// would cost more than the whole selection (rare shapes already score higher through their rare templates).
const MAX_SHAPE_SCAN = 2000;

export function selectRows(table: RowTable, opts: SelectOptions): RowSelection | null {
  const n = table.rowCount;
  const budget = Math.max(1, Math.floor(opts.maxRows));
  if (n <= budget) return { keep: range(n), errorRows: 0, keptErrorRows: 0 };
  const score = new Float64Array(n);
  const isError = new Uint8Array(n);
  if (!scoreSignals(table, score, isError, opts.timeUp)) return null;
  const q = queryScores(table, opts.query, opts.timeUp);
  if (!q) return null;
  let max = 0;
  for (const s of q) if (s > max) max = s;
  if (max > 0) for (let r = 0; r < n; r++) score[r] = (score[r] ?? 0) + (QUERY_WEIGHT * (q[r] ?? 0)) / max;
  if (opts.timeUp()) return null;

  const kept = new Uint8Array(n);
  let count = 0;
  const take = (r: number) => {
    if (!kept[r] && count < budget) {
      kept[r] = 1;
      count++;
    }
  };
  // The edges anchor the reader (where the data starts and ends); with a tiny budget, signal rows come first.
  const edges = () => {
    take(0);
    if (budget >= 3) take(n - 1);
  };
  if (budget >= SMALL_BUDGET) edges();

  const candidates: number[] = [];
  for (let r = 0; r < n; r++) if ((score[r] ?? 0) >= SIGNAL_THRESHOLD) candidates.push(r);
  candidates.sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0) || a - b);
  // First pass: one row per shape (digit-masked text), so 200 copies of the same error don't crowd out the one
  // different error; second pass: the best of the rest.
  const seen = new Set<string>();
  for (let k = 0; k < candidates.length && k < MAX_SHAPE_SCAN; k++) {
    const r = candidates[k]!;
    if (count >= budget) break;
    const key = table.rowText(r).replace(MASK_DIGITS, '#');
    if (seen.has(key)) continue;
    seen.add(key);
    take(r);
  }
  for (const r of candidates) {
    if (count >= budget) break;
    take(r);
  }
  edges();
  fillEvenly(kept, budget - count);

  const keep: number[] = [];
  let errorRows = 0;
  let keptErrorRows = 0;
  for (let r = 0; r < n; r++) {
    if (kept[r]) keep.push(r);
    if (isError[r]) {
      errorRows++;
      if (kept[r]) keptErrorRows++;
    }
  }
  return { keep, errorRows, keptErrorRows };
}

/** Marks `slots` more rows, spread evenly over the rows not yet kept. */
function fillEvenly(kept: Uint8Array, slots: number) {
  if (slots <= 0) return;
  const free: number[] = [];
  for (let r = 0; r < kept.length; r++) if (!kept[r]) free.push(r);
  const step = free.length / slots;
  for (let k = 0; k < slots && k < free.length; k++) {
    const r = free[Math.floor(step * k + step / 2)];
    if (r !== undefined) kept[r] = 1;
  }
}

function range(n: number): number[] {
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
