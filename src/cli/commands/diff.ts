/** `headroom diff <request-id>`: what the proxy changed in one request, block by block, as unified diffs. */
import { defineCommand } from 'citty';
import { structuredPatch } from 'diff';
import type { RequestDiff } from '../../proxy/request-diff.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { gatewayKey, getProxyJson, keyArg, n, pct, urlArg } from '../proxy-http.ts';

const args = {
  id: { type: 'positional', required: true, description: 'A request id from `headroom stats` or GET /stats' },
  url: urlArg,
  key: keyArg,
  json: { type: 'boolean', default: false, description: 'Print the proxy\'s JSON (with both texts of every changed block)' },
  context: { type: 'string', default: '2', description: 'Unchanged lines shown around each change' },
  full: { type: 'boolean', default: false, description: 'Show every removed line (long runs are shortened by default)' },
} as const;

/** Runs of removed lines longer than this show their first and last few lines only (unless --full). */
const RUN = 8;

function unified(original: string, sent: string, context: number, full: boolean): string[] {
  const patch = structuredPatch('original', 'sent', original, sent, '', '', { context });
  const out = ['  --- original (as the client sent it)', '  +++ sent (as forwarded upstream)'];
  for (const h of patch.hunks) {
    out.push(`  @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (let i = 0; i < h.lines.length; ) {
      let j = i;
      while (j < h.lines.length && h.lines[j]!.startsWith('-')) j++;
      if (!full && j - i > RUN) {
        for (const line of h.lines.slice(i, i + 3)) out.push(`  ${line}`);
        out.push(`  -… ${j - i - 6} more removed lines …`);
        for (const line of h.lines.slice(j - 3, j)) out.push(`  ${line}`);
        i = j;
      } else {
        for (const line of h.lines.slice(i, Math.max(j, i + 1))) out.push(`  ${line}`);
        i = Math.max(j, i + 1);
      }
    }
  }
  return out;
}

export function renderDiff(d: RequestDiff, context = 2, full = false): string {
  const saved = d.tokensBefore - d.tokensAfter;
  const out = [
    `request ${d.id}: ${d.provider} ${d.model ?? ''} POST ${d.path} → ${d.status} at ${new Date(d.time).toISOString()}${d.bypass ? ' (bypass: nothing compressed)' : ''}`,
    `tool output: ${n(d.tokensBefore)} → ${n(d.tokensAfter)} tokens (saved ${n(saved)} of ${n(d.tokensBefore)}, ${pct(saved, d.tokensBefore)})`,
  ];
  if (d.prefix) {
    out.push(`cached prefix vs the previous request of the session: ${d.prefix.status}`);
    for (const s of d.prefix.spans) {
      out.push(`  ${s.field} @${s.offset}+${s.length} (${s.kind}): ${s.before === undefined ? '' : `${JSON.stringify(s.before)} → `}${JSON.stringify(s.after)}`);
    }
    if (d.prefix.more) out.push(`  … ${d.prefix.more} more`);
  }
  if (d.blocks.length === 0) out.push('', 'no tool output in this request');
  if (d.texts === 'expired') out.push('', 'the block texts of this request have expired; decisions only');
  for (const b of d.blocks) {
    out.push('', `block ${b.path}${b.toolName ? ` (${b.toolName})` : ''}: ${n(b.tokensBefore)} → ${n(b.tokensAfter)} tokens, ${b.changed ? 'changed' : 'unchanged'}`);
    for (const x of b.decisions) {
      out.push(`  decision: ${x.kind}${x.compressor ? `/${x.compressor}` : ''} ${x.outcome}${x.reason ? ` — ${x.reason}` : ''} (${n(x.tokensBefore)} → ${n(x.tokensAfter)})`);
    }
    for (const id of b.ids) out.push(`  original retrievable: headroom retrieve ${id}`);
    if (b.original !== undefined && b.sent !== undefined) out.push(...unified(b.original, b.sent, context, full));
  }
  return `${out.join('\n')}\n`;
}

export default defineCommand({
  meta: { name: 'diff', description: 'Show what the proxy changed in one request, block by block' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const context = Number(a.context);
      if (!Number.isInteger(context) || context < 0) throw new CliError(`--context must be a whole number, got "${a.context}"`);
      const d = (await getProxyJson(a.url, `requests/${encodeURIComponent(a.id.trim())}/diff`, gatewayKey(a.key))) as RequestDiff;
      process.stdout.write(a.json ? `${JSON.stringify(d, null, 2)}\n` : renderDiff(d, context, a.full));
    }),
});
