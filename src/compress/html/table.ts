/**
 * Tables: data tables become markdown pipe rows (a `| --- |` rule only under a real header row, so no row is ever
 * promoted to a header it was not); layout tables (nested tables, headings or code inside cells) are walked as
 * ordinary blocks.
 */
import { isChrome } from './boilerplate.ts';
import type { El } from './parse.ts';
import type { Renderer } from './render.ts';

interface Row {
  readonly cells: El[];
  readonly header: boolean;
}

const SECTIONS = new Set(['thead', 'tbody', 'tfoot']);
const LAYOUT_SIGNS = new Set(['table', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);

function collectRows(table: El, r: Renderer): { rows: Row[]; caption: El | undefined } {
  const rows: Row[] = [];
  let caption: El | undefined;
  const addRow = (tr: El, inHead: boolean): void => {
    if (isChrome(tr, r.rules)) return;
    const cells: El[] = [];
    let allTh = true;
    for (const c of tr.children) {
      if (typeof c === 'string' || (c.tag !== 'td' && c.tag !== 'th')) continue;
      cells.push(c);
      if (c.tag !== 'th') allTh = false;
    }
    if (cells.length > 0) rows.push({ cells, header: inHead || allTh });
  };
  for (const c of table.children) {
    if (typeof c === 'string') continue;
    if (c.tag === 'caption') caption ??= c;
    else if (c.tag === 'tr') addRow(c, false);
    else if (SECTIONS.has(c.tag)) {
      for (const tr of c.children) if (typeof tr !== 'string' && tr.tag === 'tr') addRow(tr, c.tag === 'thead');
    }
  }
  return { rows, caption };
}

function isLayout(table: El, rows: Row[]): boolean {
  if (table.attrs.role === 'presentation' || table.attrs.role === 'none') return true;
  if (rows.length === 1 && rows[0]?.cells.length === 1) return true;
  const stack: El[] = [];
  for (const row of rows) stack.push(...row.cells);
  let budget = 2000; // a sign of layout shows near the top; don't scan a huge data table to the end
  while (stack.length > 0 && budget-- > 0) {
    const el = stack.pop();
    if (!el) break;
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (LAYOUT_SIGNS.has(c.tag)) return true;
      stack.push(c);
    }
  }
  return false;
}

function cellText(r: Renderer, cell: El): string {
  // A pipe inside a cell would split it in two; the backslash escape is the markdown convention.
  return r.flatText(cell).replaceAll('|', '\\|');
}

export function renderTable(r: Renderer, table: El): void {
  const { rows, caption } = collectRows(table, r);
  r.flush();
  if (rows.length === 0) return;
  if (isLayout(table, rows)) {
    for (const row of rows) for (const cell of row.cells) r.render(wrapBlock(cell));
    r.flush();
    return;
  }
  r.blank();
  if (caption) {
    const t = r.flatText(caption);
    if (t !== '') r.emit(t);
  }
  let width = 0;
  for (const row of rows) width = Math.max(width, row.cells.length);
  let first = true;
  for (const row of rows) {
    if (r.timedOut) return;
    const texts = row.cells.map((c) => cellText(r, c));
    if (texts.every((t) => t === '')) continue;
    r.emit(`| ${texts.join(' | ')} |`);
    if (first && row.header) r.emit(`|${' --- |'.repeat(width)}`);
    first = false;
  }
  r.blank();
}

/** A cell of a layout table rendered as a block container (`div`), keeping its children and stats. */
function wrapBlock(cell: El): El {
  return { ...cell, tag: 'div' };
}
