/**
 * `headroom stats --since/--by/--csv`: the ledger's per-day, per-model and per-agent buckets summed over a window
 * (whole UTC days) and turned into accounting rows (src/pricing/accounting.ts), as a table or CSV.
 */
import { accountingRow, type AccountingRow } from '../pricing/accounting.ts';
import { ZERO_COST, addCost } from '../pricing/index.ts';
import { EMPTY_USAGE } from '../proxy/usage.ts';
import type { Bucket, Totals } from '../proxy/stats.ts';
import { CliError } from './errors.ts';

export type GroupBy = 'day' | 'model' | 'agent';
export const GROUPS: readonly GroupBy[] = ['day', 'model', 'agent'];

function sum(a: Bucket, b: Bucket): Bucket {
  return {
    requests: a.requests + b.requests, compressedRequests: a.compressedRequests + b.compressedRequests,
    tokensBefore: a.tokensBefore + b.tokensBefore, tokensAfter: a.tokensAfter + b.tokensAfter, errors: a.errors + b.errors,
    usage: { input: a.usage.input + b.usage.input, output: a.usage.output + b.usage.output,
      cacheRead: a.usage.cacheRead + b.usage.cacheRead, cacheWrite: a.usage.cacheWrite + b.usage.cacheWrite },
    cost: addCost(a.cost ?? ZERO_COST, b.cost ?? ZERO_COST), unpriced: (a.unpriced ?? 0) + (b.unpriced ?? 0),
  };
}

export const EMPTY_BUCKET: Bucket = { requests: 0, compressedRequests: 0, tokensBefore: 0, tokensAfter: 0, usage: EMPTY_USAGE, errors: 0 };

/** "7d", "24h", "2w" or a date (YYYY-MM-DD) → the first UTC day of the window. */
export function sinceDay(spec: string, now = Date.now()): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(spec) && !Number.isNaN(Date.parse(spec))) return spec;
  const m = /^(\d+)([hdw])$/.exec(spec);
  if (!m) throw new CliError(`--since takes a duration like 7d, 24h, 2w or a date YYYY-MM-DD, got "${spec}"`);
  const ms = Number(m[1]) * { h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2] as 'h' | 'd' | 'w'];
  // "7d" means today and the 6 days before it: whole UTC days, since the ledger keeps days, not hours.
  return new Date(now - Math.max(0, ms - 86400e3)).toISOString().slice(0, 10);
}

/** Rows grouped by day (newest first), model or agent (most requests first), optionally from a day on. */
export function groupRows(t: Totals, by: GroupBy, since?: string): AccountingRow[] {
  const inWindow = (day: string) => since === undefined || day >= since;
  let groups: Record<string, Bucket>;
  if (by === 'day') {
    groups = Object.fromEntries(Object.entries(t.byDay).filter(([d]) => inWindow(d)));
  } else if (since === undefined) {
    groups = (by === 'model' ? t.byModel : t.byAgent) ?? {};
  } else {
    groups = {};
    for (const [day, keyed] of Object.entries((by === 'model' ? t.byDayModel : t.byDayAgent) ?? {})) {
      if (!inWindow(day)) continue;
      for (const [k, b] of Object.entries(keyed)) groups[k] = sum(groups[k] ?? EMPTY_BUCKET, b);
    }
  }
  const rows = Object.entries(groups).map(([k, b]) => accountingRow(k, b));
  return by === 'day' ? rows.sort((a, b) => (a.key < b.key ? 1 : -1)) : rows.sort((a, b) => b.requests - a.requests);
}

export function totalRow(rows: readonly AccountingRow[]): AccountingRow {
  const z: AccountingRow = { key: 'total', requests: 0, errors: 0, inputReachedUs: 0, removedByUs: 0, cacheRead: 0, cacheWrite: 0, input: 0, output: 0, usd: ZERO_COST, unpriced: 0 };
  return rows.reduce((a, r) => ({
    key: 'total', requests: a.requests + r.requests, errors: a.errors + r.errors, inputReachedUs: a.inputReachedUs + r.inputReachedUs,
    removedByUs: a.removedByUs + r.removedByUs, cacheRead: a.cacheRead + r.cacheRead, cacheWrite: a.cacheWrite + r.cacheWrite,
    input: a.input + r.input, output: a.output + r.output, usd: addCost(a.usd, r.usd), unpriced: a.unpriced + r.unpriced,
  }), z);
}

const CSV_HEADER = ['key', 'requests', 'errors', 'input_tokens_reached_us', 'removed_by_us', 'removed_pct', 'cache_read', 'cache_read_pct',
  'cache_write', 'cache_write_pct', 'output', 'est_usd_saved_by_us', 'est_usd_cache_discount', 'est_usd_cache_writes', 'est_usd_input',
  'est_usd_output', 'unpriced_requests'];

const ratio = (part: number, whole: number) => (whole > 0 ? ((100 * part) / whole).toFixed(1) : '');
const usd = (v: number) => v.toFixed(4);

export function toCsv(by: GroupBy, rows: readonly AccountingRow[]): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [[by, ...CSV_HEADER.slice(1)].join(',')];
  for (const r of rows) {
    lines.push([r.key, r.requests, r.errors, r.inputReachedUs, r.removedByUs, ratio(r.removedByUs, r.inputReachedUs), r.cacheRead,
      ratio(r.cacheRead, r.inputReachedUs), r.cacheWrite, ratio(r.cacheWrite, r.inputReachedUs), r.output, usd(r.usd.savedByUs),
      usd(r.usd.cacheDiscount), usd(r.usd.cacheWrites), usd(r.usd.input), usd(r.usd.output), r.unpriced].map((v) => cell(String(v))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
