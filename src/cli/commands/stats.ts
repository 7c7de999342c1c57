/**
 * `headroom stats`: what the running proxy has done — totals, by model, by day, by agent. Our compression savings and
 * the provider's cache discounts are separate columns, each with its denominator, never added together; dollar
 * figures are labelled estimates. `--since` / `--by` / `--csv` print the accounting table of src/cli/stats-view.ts.
 */
import { defineCommand } from 'citty';
import type { PrefixSpan } from '../../proxy/cache-aligner.ts';
import type { Bucket, RequestRecord, Totals } from '../../proxy/stats.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { gatewayKey, getProxyJson, keyArg, n, pct, table, urlArg } from '../proxy-http.ts';
import { accountingRow, DENOMINATOR, ESTIMATE_NOTE, type AccountingRow } from '../../pricing/index.ts';
import { GROUPS, groupRows, sinceDay, toCsv, totalRow, type GroupBy } from '../stats-view.ts';

const args = {
  url: urlArg,
  key: keyArg,
  json: { type: 'boolean', default: false, description: 'Print the proxy\'s /stats JSON as is' },
  recent: { type: 'string', default: '10', description: 'How many recent requests to list' },
  since: { type: 'string', description: 'Only this window: 7d, 24h, 2w or YYYY-MM-DD (whole UTC days)' },
  by: { type: 'string', description: 'Group the accounting table by day, model or agent' },
  csv: { type: 'boolean', default: false, description: 'Print the accounting table as CSV' },
} as const;

const usd = (v: number) => `$${v < 0.01 && v > 0 ? v.toFixed(4) : v.toFixed(2)}`;

/** The headline buckets, each with the same stated denominator. */
export function accountingLines(r: AccountingRow): string[] {
  const d = r.inputReachedUs;
  const unpriced = r.unpriced ? ` (${n(r.unpriced)} request(s) of models without a price left out of $)` : '';
  return [
    `Input tokens that reached us: ${n(d)} — the denominator of every % below${unpriced}`,
    `  removed by our compression   ${n(r.removedByUs)} (${pct(r.removedByUs, d)} of input tokens that reached us)  ≈ ${usd(r.usd.savedByUs)} saved (estimate)`,
    `  provider cache discount      ${n(r.cacheRead)} cache reads (${pct(r.cacheRead, d)} of input tokens that reached us)  ≈ ${usd(r.usd.cacheDiscount)} off the bill (estimate; the provider's discount, not ours)`,
    `  cache writes                 ${n(r.cacheWrite)} (${pct(r.cacheWrite, d)} of input tokens that reached us)  ≈ ${usd(r.usd.cacheWrites)} (estimate)`,
    `  output tokens                ${n(r.output)}  ≈ ${usd(r.usd.output)} (estimate)`,
  ];
}

export function renderAccounting(by: GroupBy, since: string | undefined, rows: readonly AccountingRow[]): string {
  const total = totalRow(rows);
  const out = [`${since ? `Since ${since} (UTC)` : 'All time'}, by ${by}`, '', ...accountingLines(total), ''];
  out.push(table(
    [by, 'requests', 'input reached us', 'removed by us', 'cache reads', 'cache writes', 'output', 'est. $ saved by us', 'est. $ cache discount', 'est. $ cache writes', 'est. $ output'],
    [...rows, ...(rows.length > 1 ? [total] : [])].map((r) => [
      r.key, n(r.requests), n(r.inputReachedUs), `${n(r.removedByUs)} (${pct(r.removedByUs, r.inputReachedUs)})`,
      `${n(r.cacheRead)} (${pct(r.cacheRead, r.inputReachedUs)})`, `${n(r.cacheWrite)} (${pct(r.cacheWrite, r.inputReachedUs)})`, n(r.output),
      usd(r.usd.savedByUs), usd(r.usd.cacheDiscount), usd(r.usd.cacheWrites), usd(r.usd.output),
    ]),
  ));
  out.push('', `% columns: of ${DENOMINATOR}.`, ESTIMATE_NOTE);
  return `${out.join('\n')}\n`;
}

interface StatsBody {
  totals: Totals;
  recent: RequestRecord[];
}

const utc = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
const prompt = (b: Bucket) => b.usage.input + b.usage.cacheRead + b.usage.cacheWrite;

const BUCKET_HEADER = ['requests', 'errors', 'tool tokens', 'after', 'saved', 'prompt tokens', 'cache read', 'cache write', 'output'];

function bucketCells(b: Bucket): string[] {
  const saved = b.tokensBefore - b.tokensAfter;
  const p = prompt(b);
  return [
    n(b.requests), n(b.errors), n(b.tokensBefore), n(b.tokensAfter), `${n(saved)} (${pct(saved, b.tokensBefore)})`,
    n(p), `${n(b.usage.cacheRead)} (${pct(b.usage.cacheRead, p)})`, `${n(b.usage.cacheWrite)} (${pct(b.usage.cacheWrite, p)})`, n(b.usage.output),
  ];
}

function spanLine(s: PrefixSpan): string {
  const change = s.before === undefined ? `now ${JSON.stringify(s.after)}` : `${JSON.stringify(s.before)} → ${JSON.stringify(s.after)}`;
  return `${s.field} @${s.offset} (${s.kind}): ${change}`;
}

export function renderStats(base: string, { totals: t, recent }: StatsBody): string {
  const saved = t.tokensBefore - t.tokensAfter;
  const p = prompt(t);
  const out = [
    `headroom proxy at ${base}: ${n(t.requests)} requests since ${utc(t.since)} UTC, ${n(t.errors)} errors`,
    '',
    `Our compression   tokens saved: ${n(saved)} of ${n(t.tokensBefore)} tool-output tokens (${pct(saved, t.tokensBefore)}), in ${n(t.compressedRequests)} of ${n(t.requests)} requests`,
    `Provider cache    cache reads: ${n(t.usage.cacheRead)} of ${n(p)} prompt tokens (${pct(t.usage.cacheRead, p)}); cache writes: ${n(t.usage.cacheWrite)} (${pct(t.usage.cacheWrite, p)}); output tokens: ${n(t.usage.output)}`,
    '  (tool-output tokens are counted by headroom with o200k before forwarding; prompt, cache and output tokens are what',
    '   the provider reported for the request it received, i.e. after our compression)',
    '',
    ...accountingLines(accountingRow('total', t)),
    `  (${ESTIMATE_NOTE})`,
  ];
  const models = Object.entries(t.byModel).sort((a, b) => b[1].requests - a[1].requests);
  if (models.length > 0) out.push('', 'By model', table(['model', ...BUCKET_HEADER], models.map(([m, b]) => [m, ...bucketCells(b)])));
  const days = Object.entries(t.byDay).sort((a, b) => (a[0] < b[0] ? 1 : -1));
  if (days.length > 0) out.push('', 'By day (UTC)', table(['day', ...BUCKET_HEADER], days.map(([d, b]) => [d, ...bucketCells(b)])));
  const agents = Object.entries(t.byAgent ?? {}).sort((a, b) => b[1].requests - a[1].requests);
  if (agents.length > 0) out.push('', 'By agent (user-agent)', table(['agent', ...BUCKET_HEADER], agents.map(([m, b]) => [m, ...bucketCells(b)])));
  const pre = t.prefix;
  out.push('', `Cache aligner     volatile content changed the cached prefix (system prompt, tools) in ${n(pre.volatile)} of ${n(pre.compared)} requests compared with the previous one of their session (${n(pre.changed)} with any prefix change)`);
  for (const v of pre.recent) out.push(`  ${utc(v.time)}  ${v.model ?? v.provider}  request ${v.requestId}  ${spanLine(v.span)}`);
  if (recent.length > 0) {
    out.push('', 'Recent requests (newest first; see one with `headroom diff <id>`)');
    out.push(table(
      ['id', 'time (UTC)', 'model', 'status', 'tool tokens', 'after', 'cache read', 'prefix'],
      recent.map((r) => [
        r.id, utc(r.time), r.model ?? '—', String(r.status), n(r.tokensBefore), n(r.tokensAfter),
        `${n(r.usage.cacheRead)} of ${n(r.usage.input + r.usage.cacheRead + r.usage.cacheWrite)}`,
        r.prefix ? (r.prefix.status === 'changed' ? `changed: ${r.prefix.spans.length + (r.prefix.more ?? 0)} span(s)` : r.prefix.status) : '—',
      ]),
    ));
  }
  return `${out.join('\n')}\n`;
}

export default defineCommand({
  meta: { name: 'stats', description: 'Show what the running proxy saved: totals, by model, day and agent, with $ estimates' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      if (a.by !== undefined && !GROUPS.includes(a.by as GroupBy)) throw new CliError(`--by takes day, model or agent, got "${a.by}"`);
      if (a.json && a.csv) throw new CliError('--json and --csv do not go together');
      const since = a.since === undefined ? undefined : sinceDay(a.since);
      const limit = Number(a.recent);
      const body = (await getProxyJson(a.url, `stats?limit=${Number.isInteger(limit) && limit >= 0 ? limit : 10}`, gatewayKey(a.key))) as StatsBody;
      if (a.by === undefined && since === undefined && !a.csv) {
        process.stdout.write(a.json ? `${JSON.stringify(body, null, 2)}\n` : renderStats(a.url, body));
        return;
      }
      const by = (a.by ?? 'day') as GroupBy;
      const rows = groupRows(body.totals, by, since);
      if (a.csv) process.stdout.write(toCsv(by, rows));
      else if (a.json) {
        const payload = { since: since ?? null, by, denominator: DENOMINATOR, estimates: ESTIMATE_NOTE, total: totalRow(rows), rows };
        process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
      } else process.stdout.write(renderAccounting(by, since, rows));
    }),
});
