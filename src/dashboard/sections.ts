/**
 * The live part of the dashboard, rendered on the server from the ledger: the accounting headline (one stated
 * denominator, $ as estimates), the savings chart, by model / agent / day, and the recent requests. The page polls
 * it (`/dashboard/live`) and swaps it in, so there is one renderer for the first paint and every update.
 */
import { html } from 'hono/html';
import { accountingRow, DENOMINATOR, ESTIMATE_NOTE, type AccountingRow } from '../pricing/index.ts';
import type { Bucket, RequestRecord, Totals } from '../proxy/stats.ts';
import { savingsChart } from './chart.ts';
import { n, pct, usd, utc } from './format.ts';

function headline(r: AccountingRow, t: Totals) {
  const d = r.inputReachedUs;
  const card = (id: string, label: string, value: number, share: string, money: string, note: string) => html`
    <div class="card" data-testid="${id}"><div class="label">${label}</div><div class="value" data-value="${value}">${n(value)}</div>
    <div class="share">${share}</div><div class="money">${money}</div><div class="note">${note}</div></div>`;
  return html`<section class="cards">
  ${card('requests', 'Requests', t.requests, `${n(t.errors)} errors · ${n(t.compressedRequests)} compressed`, '', `since ${utc(t.since)} UTC`)}
  ${card('reached', 'Input tokens that reached us', d, 'the denominator of every %', usd(r.usd.input + r.usd.savedByUs + r.usd.cacheWrites + r.usd.cacheDiscount) + ' est. at input rates', '')}
  ${card('removed', 'Removed by our compression', r.removedByUs, `${pct(r.removedByUs, d)} of input tokens that reached us`, `≈ ${usd(r.usd.savedByUs)} saved (estimate)`, `${n(t.tokensBefore)} → ${n(t.tokensAfter)} tool-output tokens`)}
  ${card('cache-read', 'Provider cache discount (cache reads)', r.cacheRead, `${pct(r.cacheRead, d)} of input tokens that reached us`, `≈ ${usd(r.usd.cacheDiscount)} off (estimate)`, "the provider's discount, not ours")}
  ${card('cache-write', 'Cache writes', r.cacheWrite, `${pct(r.cacheWrite, d)} of input tokens that reached us`, `≈ ${usd(r.usd.cacheWrites)} (estimate)`, 'incl. any our changes caused')}
  ${card('output', 'Output tokens', r.output, '', `≈ ${usd(r.usd.output)} (estimate)`, '')}
</section>
<p class="muted small">% of ${DENOMINATOR}. ${ESTIMATE_NOTE}.${r.unpriced ? ` ${n(r.unpriced)} request(s) of models without a price are left out of $.` : ''}</p>`;
}

function groupTable(title: string, key: string, groups: Record<string, Bucket> | undefined, order: 'requests' | 'key') {
  const rows = Object.entries(groups ?? {}).map(([k, b]) => accountingRow(k, b));
  rows.sort(order === 'key' ? (a, b) => (a.key < b.key ? 1 : -1) : (a, b) => b.requests - a.requests);
  if (rows.length === 0) return html``;
  return html`<section><h2>${title}</h2><table data-testid="by-${key}">
<thead><tr><th>${key}</th><th>requests</th><th>input reached us</th><th>removed by us</th><th>cache reads</th><th>cache writes</th><th>output</th><th>est. $ saved by us</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.key}</td><td>${n(r.requests)}</td><td>${n(r.inputReachedUs)}</td><td>${n(r.removedByUs)} (${pct(r.removedByUs, r.inputReachedUs)})</td>
<td>${n(r.cacheRead)} (${pct(r.cacheRead, r.inputReachedUs)})</td><td>${n(r.cacheWrite)}</td><td>${n(r.output)}</td><td>${usd(r.usd.savedByUs)}</td></tr>`)}</tbody></table></section>`;
}

function recentTable(recent: readonly RequestRecord[]) {
  if (recent.length === 0) return html``;
  return html`<section><h2>Recent requests <span class="muted small">(newest first; click one for what we changed)</span></h2>
<table data-testid="recent"><thead><tr><th>time (UTC)</th><th>model</th><th>agent</th><th>status</th><th>tool tokens</th><th>cache read</th><th>retrieval ids</th><th></th></tr></thead>
<tbody>${recent.map((r) => html`<tr data-id="${r.id}">
<td>${utc(r.time)}</td><td>${r.model ?? '—'}</td><td>${r.agent ?? '—'}</td><td>${r.status}${r.bypass ? ' (bypass)' : ''}</td>
<td>${n(r.tokensBefore)} → ${n(r.tokensAfter)}</td><td>${n(r.usage.cacheRead)}</td>
<td class="ids">${r.ids.length ? r.ids.map((id) => html`<code>${id.slice(0, 12)}…</code> `) : '—'}</td>
<td><a class="diff-link" href="/dashboard/requests/${r.id}" data-id="${r.id}">diff</a></td></tr>`)}</tbody></table></section>`;
}

export function liveSections(t: Totals, recent: readonly RequestRecord[]) {
  return html`${headline(accountingRow('total', t), t)}
<section><h2>Savings over time</h2>${savingsChart(recent.slice(0, 60))}</section>
<div class="grid">${groupTable('By model', 'model', t.byModel, 'requests')}${groupTable('By agent', 'agent', t.byAgent, 'requests')}</div>
${groupTable('By day (UTC)', 'day', t.byDay, 'key')}
${recentTable(recent)}`;
}
