/** Plain-text and Markdown tables (no dependencies, no Intl: the same bytes everywhere). */

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  /** Lines printed under the table (targets, notes). */
  notes?: string[];
  /** Detail tables are printed to the terminal but left out of `--markdown` (the README table). */
  detail?: boolean;
}

const NUMERIC = /^[-+~≥≤]?[\d,.]+(?:\s?(?:%|ms|MB\/s|×|x))?$|→|^\d+ ?\/ ?\d+/;

/** Right-aligns cells that look numeric so columns of figures line up. */
export function renderText(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const cell = (s: string, i: number): string => (NUMERIC.test(s) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]): string => cells.map(cell).join('  ').trimEnd();
  const out = [`\n== ${t.title} ==`, line(t.headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of t.rows) out.push(line(r));
  for (const n of t.notes ?? []) out.push(n);
  return out.join('\n');
}

/** A column is right-aligned in Markdown when most of its non-empty cells are figures. */
function numericColumn(t: Table, i: number): boolean {
  const cells = t.rows.map((r) => r[i] ?? '').filter((c) => c !== '');
  return cells.filter((c) => NUMERIC.test(c)).length * 2 > cells.length;
}

export function renderMarkdown(t: Table): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const align = t.headers.map((_, i) => (numericColumn(t, i) ? ' ---: ' : ' --- '));
  const out = [`### ${t.title}`, '', `| ${t.headers.map(esc).join(' | ')} |`, `|${align.join('|')}|`];
  for (const r of t.rows) out.push(`| ${r.map(esc).join(' | ')} |`);
  if (t.notes?.length) out.push('', ...t.notes);
  return out.join('\n') + '\n';
}

/** 12345 → "12,345" */
export function num(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '—';
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Progress goes to stderr so stdout stays a clean report (and `--markdown` output can be piped). */
export function progress(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** What every bench section returns: tables to print, data for `--json`, and gold-fact failures (non-zero exit). */
export interface SectionResult {
  name: string;
  tables: Table[];
  data: unknown;
  failures: string[];
}
