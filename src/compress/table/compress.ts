/**
 * The table compressor: CSV/TSV and markdown tables stay in their own format; whitespace-aligned command output
 * (ls -l, ps, kubectl, docker, df…) is handled in columnar-compress.ts. Markdown loses its alignment padding
 * (lossless); tables longer than the row budget keep the header plus rows chosen by the JSON compressor's row
 * selection (errors, outliers, query matches, even spacing), verbatim, with a summary of the dropped rows.
 */
import { elision, formatCount, hasMarker, plural } from '../../ccr/marker.ts';
import { type RowTable, selectRows } from '../json/select-rows.ts';
import { summarizeDropped } from '../json/summarize-rows.ts';
import { countTokens } from '../../tokens/count.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { displayCell } from './cells.ts';
import { compressListing } from './columnar-compress.ts';
import { parseColumnar } from './columnar-parse.ts';
import { type ParsedTable, parseDelimited, parseMarkdown, type TableRow } from './parse.ts';

export interface TableOptions {
  /** Rows kept (besides the header) when a table has more rows than this. */
  maxRows?: number;
  /** False = lossless only (markdown padding removal); never drop rows. */
  lossy?: boolean;
}

// Exact token counts only where they are cheap; above this the character comparison stands in.
const EXACT_CHECK_CHARS = 64 * 1024;

export function compressTable(text: string, ctx: CompressContext, opts: Required<TableOptions>): CompressorOutput | null {
  if (hasMarker(text)) return null;
  const markdown = parseMarkdown(text);
  if (!markdown) {
    // Command output (ls -l, ps, kubectl…) is recognised by its known shapes before any delimiter sniffing:
    // `du` rows are tab-separated and would otherwise read as a TSV whose first row is a header.
    const listing = parseColumnar(text);
    if (listing) return compressListing(text, listing, ctx, opts);
  }
  const table = markdown ?? parseDelimited(text);
  if (!table || table.rows.length === 0) return null;
  const md = table.format === 'markdown';
  const line = (row: TableRow) => (md ? `| ${row.cells.join(' | ')} |` : row.raw);
  const n = table.rows.length;
  const lines: string[] = [];
  if (table.before) lines.push(table.before);
  lines.push(line(table.header));
  if (table.separator !== undefined) lines.push(compactSeparator(table.separator));

  let marker = '';
  if (opts.lossy && n > opts.maxRows) {
    const rows = rowTable(table);
    const sel = selectRows(rows, { maxRows: opts.maxRows, query: ctx.query, timeUp: () => ctx.now() > ctx.deadline });
    if (!sel) return null;
    let prev = -1;
    for (const r of sel.keep) {
      if (r > prev + 1) lines.push(elision(plural(r - prev - 1, 'row')));
      lines.push(line(table.rows[r]!));
      prev = r;
    }
    if (prev < n - 1) lines.push(elision(plural(n - 1 - prev, 'row')));
    let summary = summarizeDropped(rows, sel.keep, { display: displayCell });
    if (sel.errorRows > sel.keptErrorRows) summary += `; error-like rows kept: ${sel.keptErrorRows} of ${sel.errorRows}`;
    const dropped = `${formatCount(n - sel.keep.length)} of ${formatCount(n)} rows omitted`;
    lines.push(elision(summary ? `${dropped} — ${summary}` : dropped));
    marker = ctx.marker(`kept ${formatCount(sel.keep.length)} of ${formatCount(n)} rows`);
  } else {
    if (!md) return null;
    for (const row of table.rows) lines.push(line(row));
  }
  if (table.after) lines.push(table.after);
  if (marker) lines.push(marker);
  const out = lines.join('\n');
  const smaller = out.length < text.length && (text.length > EXACT_CHECK_CHARS || countTokens(out) < countTokens(text));
  if (smaller) return { text: out, lossy: marker !== '' };
  // A short table may not pay for a marker and summary; its padding may still be worth removing.
  return marker && md ? compressTable(text, ctx, { ...opts, lossy: false }) : null;
}

/** `|:---------|------:|` → `|:---|---:|`: alignment colons kept, padding dropped. */
function compactSeparator(sep: string): string {
  const cells = sep.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return `|${cells.map((c) => `${c.trim().startsWith(':') ? ':' : ''}---${c.trim().endsWith(':') ? ':' : ''}`).join('|')}|`;
}

/** Columns named by the header (`column N` when a name is missing); cells past a short row are absent. */
function rowTable(table: ParsedTable): RowTable {
  const width = Math.max(table.header.cells.length, ...table.rows.slice(0, 50).map((r) => r.cells.length));
  const columns = [];
  for (let c = 0; c < Math.min(width, 64); c++) {
    const name = table.header.cells[c] || `column ${c + 1}`;
    columns.push({ name, values: table.rows.map((r) => r.cells[c]) });
  }
  return { rowCount: table.rows.length, columns, rowText: (r) => table.rows[r]!.raw };
}

export function createTableCompressor({ maxRows = 20, lossy = true }: TableOptions = {}): Compressor {
  const options = { maxRows, lossy };
  return {
    name: 'table',
    supports: (input: CompressInput) => input.kind === 'table',
    compress: (input: CompressInput, ctx: CompressContext) => compressTable(input.text, ctx, options),
  };
}
