/**
 * Savings over time as an inline SVG (no script, no CDN): one stacked bar per request, oldest left — tokens we
 * removed on top of what we sent, so the bar's height is what reached us. Scaled to the tallest bar.
 */
import { html, raw } from 'hono/html';
import type { RequestRecord } from '../proxy/stats.ts';
import { n, utc } from './format.ts';

const W = 720;
const H = 160;
const PAD = 24;

export function savingsChart(recent: readonly RequestRecord[]) {
  const rows = [...recent].reverse();
  if (rows.length === 0) return html`<p class="muted">No requests yet: point an agent at this proxy.</p>`;
  const max = Math.max(1, ...rows.map((r) => r.tokensBefore));
  const step = (W - 2 * PAD) / rows.length;
  const bw = Math.max(2, Math.min(24, step * 0.7));
  // 18px of headroom above the tallest bar for its label.
  const y = (v: number) => (H - PAD - 18) * (v / max);
  const bars = rows.map((r, i) => {
    const x = PAD + i * step + (step - bw) / 2;
    const sent = y(r.tokensAfter);
    const cut = y(r.tokensBefore - r.tokensAfter);
    const tip = `${utc(r.time)} ${r.model ?? ''}: ${n(r.tokensBefore)} → ${n(r.tokensAfter)} tool-output tokens`;
    return `<g><title>${tip.replace(/[<&"]/g, '')}</title>`
      + `<rect class="sent" x="${x.toFixed(1)}" y="${(H - PAD - sent).toFixed(1)}" width="${bw.toFixed(1)}" height="${sent.toFixed(1)}"/>`
      + `<rect class="removed" x="${x.toFixed(1)}" y="${(H - PAD - sent - cut).toFixed(1)}" width="${bw.toFixed(1)}" height="${cut.toFixed(1)}"/></g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="tool-output tokens per request, removed vs sent">
  <line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" class="axis"/>
  <text x="${PAD}" y="12" class="label">${n(max)} tokens</text>
  <text x="${PAD}" y="${H - 6}" class="label">oldest</text><text x="${W - PAD}" y="${H - 6}" class="label" text-anchor="end">newest</text>
  ${raw(bars.join(''))}
</svg>
<p class="legend"><span class="sw removed"></span> removed by our compression <span class="sw sent"></span> sent upstream (tool output, o200k tokens, last ${rows.length} requests)</p>`;
}
