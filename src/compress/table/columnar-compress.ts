/**
 * Whitespace-aligned command output (ls -l/-laR, du, ps, top, kubectl, docker, df, netstat/ss, npm outdated,
 * pip list). Lossless first: columns with one value in every row move to a labelled `[all rows: …]` line and the
 * alignment padding goes. Listings longer than the row budget keep every non-row line (headers, `dir:` sections,
 * `total N`, messages) and a selection of rows, verbatim, with per-gap counts, a summary and the closing marker.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import { type RowColumn, type RowTable, selectRows } from '../json/select-rows.ts';
import { summarizeDropped } from '../json/summarize-rows.ts';
import { countTokens } from '../../tokens/count.ts';
import type { CompressContext, CompressorOutput } from '../types.ts';
import { displayCell } from './cells.ts';
import { flagRows } from './columnar-flags.ts';
import type { Listing } from './columnar-parse.ts';

export interface ListingOptions {
  readonly maxRows: number;
  readonly lossy: boolean;
}

/** The lossless rewrite must save at least this share of tokens to be worth a format change. */
const LOSSLESS_GAIN = 0.15;
const EXACT_CHECK_CHARS = 64 * 1024;
const MIN_ROWS_TO_FACTOR = 3;

export function compressListing(text: string, listing: Listing, ctx: CompressContext, opts: ListingOptions): CompressorOutput | null {
  if (opts.lossy && listing.rows.length > opts.maxRows) {
    const out = lossyListing(text, listing, ctx, opts.maxRows);
    if (out) return out;
  }
  return losslessListing(text, listing);
}

function smaller(text: string, out: string, gain: number): boolean {
  if (text.length > EXACT_CHECK_CHARS) return out.length <= text.length * (1 - gain);
  return countTokens(out) <= countTokens(text) * (1 - gain);
}

// Values in the `[all rows: …]` line are bare unless they could blur into its own punctuation.
const PLAIN_VALUE = /^[^\s="\]·;]+$/;
const plainOrQuoted = (s: string) => (PLAIN_VALUE.test(s) ? s : JSON.stringify(s));

function losslessListing(text: string, L: Listing): CompressorOutput | null {
  const n = L.rows.length;
  const last = L.columns.length - 1;
  const keep: number[] = [];
  const factored: string[] = [];
  for (let c = 0; c < last; c++) {
    const v0 = L.rows[0]?.cells[c];
    let present = false;
    let same = true;
    for (const row of L.rows) {
      const v = row.cells[c];
      if (v !== undefined) present = true;
      if (v !== v0) same = false;
    }
    if (!present) continue;
    if (same && n >= MIN_ROWS_TO_FACTOR && v0) {
      factored.push(`${plainOrQuoted(L.columns[c]!)}=${plainOrQuoted(v0)}`);
    } else keep.push(c);
  }
  keep.push(last);
  // Single spaces are unambiguous only while no cell or column name (but the last) is empty or holds a space.
  let sep = ' ';
  if (L.shape === 'header') {
    if (keep.some((c) => c !== last && L.columns[c]!.includes(' '))) sep = ' | ';
    else outer: for (const c of keep) {
      if (c === last) continue;
      for (const row of L.rows) {
        const v = row.cells[c] ?? '';
        if (v === '' || v.includes(' ')) {
          sep = ' | ';
          break outer;
        }
      }
    }
  }
  let note = '';
  if (factored.length > 0) {
    note = `[all rows: ${factored.join(' ')}`;
    if (L.shape !== 'header') note += ` · columns: ${keep.map((c) => L.columns[c]).join(' ')}`;
    note += ']';
  }
  const out: string[] = [];
  for (let i = 0; i < L.lines.length; i++) {
    const r = L.rowOfLine[i]!;
    const isRow = r >= 0;
    if ((isRow || i === L.headerLine) && note) {
      out.push(note);
      note = '';
    }
    if (i === L.headerLine) out.push(keep.map((c) => L.columns[c]).join(sep));
    else if (i === L.ruleLine) continue; // pip's dashed rule only underlines the padding
    else if (isRow) {
      const cells = L.rows[r]!.cells;
      const parts: string[] = [];
      for (const c of keep) {
        const v = cells[c];
        if (v !== undefined) parts.push(v);
      }
      out.push(parts.join(sep));
    } else out.push(L.lines[i]!);
  }
  const result = out.join('\n') + (text.endsWith('\n') ? '\n' : '');
  return smaller(text, result, LOSSLESS_GAIN) ? { text: result, lossy: false } : null;
}

function lossyListing(text: string, L: Listing, ctx: CompressContext, maxRows: number): CompressorOutput | null {
  const n = L.rows.length;
  const columns: RowColumn[] = L.columns.map((name, c) => ({ name, values: L.rows.map((row) => row.cells[c]) }));
  const flags = flagRows(L);
  // The shared scorer reads a non-empty `error` field as an error: that is how tool-specific problems reach it.
  const scored: RowColumn[] = flags ? [...columns, { name: 'error', values: flags.map((f) => f || undefined) }] : columns;
  const lineOf = (r: number) => L.lines[L.rows[r]!.line]!;
  const rowText = L.shape === 'ls' ? (r: number) => `${L.rows[r]!.dir} ${lineOf(r)}` : lineOf;
  const table: RowTable = { rowCount: n, columns: scored, rowText };
  const sel = selectRows(table, { maxRows, query: ctx.query, timeUp: () => ctx.now() > ctx.deadline });
  if (!sel) return null;
  const kept = new Uint8Array(n);
  for (const r of sel.keep) kept[r] = 1;

  const [one, many] = L.shape === 'header' ? ['row', 'rows'] : ['entry', 'entries'];
  const out: string[] = [];
  let gap = 0;
  const flush = () => {
    if (gap > 0) out.push(elision(plural(gap, one, many)));
    gap = 0;
  };
  for (let i = 0; i < L.lines.length; i++) {
    if (ctx.now() > ctx.deadline) return null;
    const r = L.rowOfLine[i]!;
    if (r >= 0 && !kept[r]) gap++;
    else {
      flush();
      out.push(L.lines[i]!);
    }
  }
  flush();

  // The rest-of-line column (names, commands) is all distinct values: not worth a summary field.
  const summaryTable: RowTable = { rowCount: n, columns: columns.slice(0, -1), rowText };
  let summary = summarizeDropped(summaryTable, sel.keep, { display: displayCell });
  if (flags) {
    let flagged = 0;
    let keptFlagged = 0;
    for (let r = 0; r < n; r++) {
      if (flags[r]) {
        flagged++;
        if (kept[r]) keptFlagged++;
      }
    }
    if (flagged > keptFlagged) summary += `${summary ? '; ' : ''}problem rows kept: ${keptFlagged} of ${flagged}`;
  }
  const dropped = `${formatCount(n - sel.keep.length)} of ${formatCount(n)} ${many} omitted`;
  out.push(elision(summary ? `${dropped} — ${summary}` : dropped));
  out.push(ctx.marker(`kept ${formatCount(sel.keep.length)} of ${formatCount(n)} ${many}`));
  const result = out.join('\n');
  return smaller(text, result, 0) && result.length < text.length ? { text: result, lossy: true } : null;
}
