/**
 * The dashboard's HTML shell: inline CSS and a few lines of inline script (no CDN, no build step, works offline).
 * The script polls the live fragment every 2 s and opens a request's diff in place; without script the page is
 * still complete, and each diff is a link.
 */
import { html, raw } from 'hono/html';

const CSS = `
:root { color-scheme: light; --fg:#1d2330; --muted:#6b7280; --line:#e5e7eb; --removed:#16a34a; --sent:#94a3b8; --bg:#f8fafc; }
* { box-sizing: border-box; } body { margin:0; font:14px/1.45 system-ui, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:baseline; gap:12px; padding:14px 24px; background:#0f172a; color:#fff; }
header h1 { font-size:18px; margin:0; } header .muted { color:#cbd5e1; }
main { padding:16px 24px 40px; max-width:1200px; } h2 { font-size:15px; margin:22px 0 8px; } h3 { font-size:13px; margin:8px 0; }
.muted { color:var(--muted); } .small { font-size:12px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(170px, 1fr)); gap:10px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.card .label { font-size:12px; color:var(--muted); } .card .value { font-size:22px; font-weight:600; font-variant-numeric:tabular-nums; }
.card .share, .card .money, .card .note { font-size:12px; } .card .note { color:var(--muted); }
table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); font-variant-numeric:tabular-nums; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); font-size:12.5px; white-space:nowrap; }
th { background:#f1f5f9; font-weight:600; } td.ids { white-space:normal; }
.grid { display:grid; grid-template-columns:1fr 1fr; gap:16px; } .grid > section { min-width:0; overflow-x:auto; } @media (max-width: 900px) { .grid { grid-template-columns:1fr; } }
.chart { width:100%; height:170px; background:#fff; border:1px solid var(--line); border-radius:8px; }
.chart .removed, .sw.removed { fill:var(--removed); background:var(--removed); } .chart .sent, .sw.sent { fill:var(--sent); background:var(--sent); }
.chart .axis { stroke:#cbd5e1; } .chart .label { font-size:10px; fill:var(--muted); }
.legend { font-size:12px; color:var(--muted); } .sw { display:inline-block; width:10px; height:10px; margin:0 4px 0 10px; }
#diff:empty { display:none; } #diff { margin-top:18px; background:#fff; border:1px solid var(--line); border-radius:8px; padding:4px 14px 12px; }
pre.diff { max-height:360px; overflow:auto; background:#0f172a; color:#e2e8f0; padding:8px; border-radius:6px; font-size:12px; }
pre.diff .del { background:#7f1d1d; color:#fecaca; } pre.diff .add { background:#14532d; color:#bbf7d0; }
.decisions { margin:4px 0; padding-left:18px; font-size:12px; } a { color:#2563eb; }
`;

// Polls the live fragment (skipping identical ones) and opens diffs in place; plain links work without it.
const SCRIPT = `
const live = document.getElementById('live'), diff = document.getElementById('diff'), status = document.getElementById('status');
let last = '';
async function poll() {
  try {
    const r = await fetch('/dashboard/live', { cache: 'no-store' });
    const text = await r.text();
    if (r.ok && text !== last) { live.innerHTML = text; last = text; }
    status.textContent = 'live · updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
  } catch { status.textContent = 'proxy unreachable; retrying'; }
}
document.addEventListener('click', async (e) => {
  const a = e.target.closest && e.target.closest('a.diff-link');
  if (!a) return;
  e.preventDefault();
  const r = await fetch('/dashboard/requests/' + encodeURIComponent(a.dataset.id) + '?fragment=1', { cache: 'no-store' });
  diff.innerHTML = await r.text();
  diff.scrollIntoView({ block: 'start' });
});
last = live.innerHTML;
setInterval(poll, 2000);
`;

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";

export function page(title: string, version: string, live: unknown, diff: unknown = '') {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${raw(CSS)}</style></head>
<body><header><h1>headroom</h1><span class="muted">proxy ${version} · <span id="status">live</span></span></header>
<main><div id="live">${live}</div><div id="diff">${diff}</div></main>
<script>${raw(SCRIPT)}</script></body></html>`;
}
