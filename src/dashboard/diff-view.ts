/**
 * One request's diff for the dashboard, from the same data as `GET /requests/:id/diff`: per tool output its path,
 * the compressor's decisions, the retrieval ids, and a line diff of what the client sent against what we forwarded.
 */
import { diffLines } from 'diff';
import { html } from 'hono/html';
import type { DiffBlock, RequestDiff } from '../proxy/request-diff.ts';
import { n, utc } from './format.ts';

function lines(block: DiffBlock) {
  if (!block.changed) return html`<p class="muted">unchanged (forwarded as the client sent it)</p>`;
  if (block.original === undefined || block.sent === undefined) return html`<p class="muted">texts no longer kept</p>`;
  const parts = diffLines(block.original, block.sent);
  return html`<pre class="diff">${parts.map((p) => html`<span class="${p.added ? 'add' : p.removed ? 'del' : 'ctx'}">${p.value}</span>`)}</pre>`;
}

function blockView(b: DiffBlock) {
  return html`<article class="block" data-testid="diff-block">
<h3><code>${b.path}</code>${b.toolName ? html` <span class="muted">(${b.toolName})</span>` : ''} — ${n(b.tokensBefore)} → ${n(b.tokensAfter)} tokens</h3>
<ul class="decisions">${b.decisions.map((d) => html`<li>${d.kind}${d.compressor ? `/${d.compressor}` : ''}: <b>${d.outcome}</b>${d.reason ? ` (${d.reason})` : ''}, ${n(d.tokensBefore)} → ${n(d.tokensAfter)}, ${d.ms.toFixed(1)} ms</li>`)}</ul>
${b.ids.length ? html`<p>retrieval ids: ${b.ids.map((id) => html`<a href="/v1/retrieve/${id}"><code>${id}</code></a> `)}</p>` : ''}
${lines(b)}</article>`;
}

export function diffView(d: RequestDiff) {
  return html`<div data-testid="diff" data-request="${d.id}">
<h2>Request <code>${d.id}</code></h2>
<p>${utc(d.time)} UTC · ${d.provider} ${d.model ?? ''} · ${d.path} → ${d.status}${d.bypass ? ' · bypassed' : ''} · tool output ${n(d.tokensBefore)} → ${n(d.tokensAfter)} tokens</p>
${d.blocks.length ? d.blocks.map(blockView) : html`<p class="muted">No tool output in this request.</p>`}
<p class="muted small">Also as JSON: <a href="/requests/${d.id}/diff">/requests/${d.id}/diff</a>.</p></div>`;
}
