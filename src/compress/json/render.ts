/**
 * Writes a parsed JSON document back out, small: minified, scalars byte-for-byte as in the source. Arrays of
 * objects become tables (lossless) when that saves enough; arrays longer than the row budget keep a selection of
 * rows plus an honest summary of the rest; long opaque strings (base64, blobs) keep a prefix and their length.
 * Large arrays in an envelope object (`{"items":[…]}`) are written as sections after the envelope.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import type { Query } from '../relevance/query.ts';
import { decodeString, type JsonNode, type JsonObject } from './parse.ts';
import { type RowColumn, type RowTable, selectRows } from './select-rows.ts';
import { summarizeDropped } from './summarize-rows.ts';
import { headerLine, type TableShape, tableRow, tableSaves, tableShape } from './tabulate.ts';

export interface RenderOptions {
  readonly maxRows: number;
  readonly lossy: boolean;
  readonly minTableSaving: number;
  readonly maxStringChars: number;
  readonly query: Query;
  readonly timeUp: () => boolean;
}

export class Timeout extends Error {}

const MAX_ANALYSED_COLUMNS = 64;
const STRING_PREFIX = 32;
const PLAIN_VALUE = /^[\w.\-/@+:]{1,40}$/;
const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** A JSON string shown without quotes when that cannot be misread (`ok`, `us-east-1`), else as JSON. */
export function displayCell(raw: string): string {
  if (raw.charCodeAt(0) === 34 && raw.indexOf('\\') < 0) {
    const inner = raw.slice(1, -1);
    if (PLAIN_VALUE.test(inner)) return inner;
  }
  return raw;
}

export class Renderer {
  readonly sections: string[] = [];
  keptRows = 0;
  totalRows = 0;
  arraysCut = 0;
  stringsCut = 0;
  private ticks = 0;

  constructor(private readonly opts: RenderOptions) {}

  /** Plain minified JSON, no cuts: what row analysis and size estimates look at. */
  minify = (node: JsonNode): string => {
    if (typeof node === 'string') return node;
    if (node.type === 'array') return `[${node.items.map(this.minify).join(',')}]`;
    const parts = new Array<string>(node.keys.length);
    for (let i = 0; i < node.keys.length; i++) parts[i] = `${node.keys[i]}:${this.minify(node.values[i]!)}`;
    return `{${parts.join(',')}}`;
  };

  /** Renders `node`; `path` is its location in the envelope, or null inside a section's rows (no nested sections). */
  value(node: JsonNode, path: string | null): string {
    if (typeof node === 'string') return this.scalar(node);
    if (node.type === 'object') {
      const parts = new Array<string>(node.keys.length);
      for (let i = 0; i < node.keys.length; i++) {
        const key = node.keys[i]!;
        parts[i] = `${key}:${this.value(node.values[i]!, path === null ? null : childPath(path, key))}`;
      }
      return `{${parts.join(',')}}`;
    }
    const items = node.items;
    if (path !== null && path !== '') {
      const section = this.section(items, path);
      if (section !== undefined) {
        this.sections.push(section);
        return elision(`${plural(items.length, 'item')}: see ${path} below`);
      }
    }
    return this.inline(items, path);
  }

  /**
   * The array as its own block of lines (a table, or one JSON value per line when rows were dropped), or undefined
   * when plain minified JSON is as good.
   */
  section(items: readonly JsonNode[], path: string, anyItems = false): string | undefined {
    const n = items.length;
    // Scalars read better inline (`[1,2,[… 40 items …],9]`) than one per line; NDJSON is lines already.
    if (!anyItems && !items.every(isObject)) return undefined;
    const cut = this.opts.lossy && n > this.opts.maxRows;
    const shape = tableShape(items);
    if (!cut && !shape) return undefined;
    let keep: number[] | undefined;
    let summary = '';
    if (cut) {
      const table = this.rowTable(items, shape);
      const sel = selectRows(table, { maxRows: this.opts.maxRows, query: this.opts.query, timeUp: this.opts.timeUp });
      if (!sel) throw new Timeout();
      keep = sel.keep;
      summary = summarizeDropped(table, keep, { display: displayCell });
      if (sel.errorRows > sel.keptErrorRows) summary += `; error-like rows kept: ${sel.keptErrorRows} of ${sel.errorRows}`;
    }
    const rows = keep ?? indices(n);
    const useTable =
      shape !== null &&
      tableSaves(shape, rows.map((r) => items[r] as JsonObject), this.minify, this.opts.minTableSaving);
    if (!cut && !useTable) return undefined;

    const where = path === '' ? '' : `${path}: `;
    const kept = cut ? ` (kept ${formatCount(rows.length)})` : '';
    const lines: string[] = [];
    if (useTable) {
      const absent = shape.sparse ? '; empty cell = key absent' : '';
      lines.push(`[${where}table of ${plural(n, 'object')}${kept}; header = keys, cells = JSON values${absent}]`);
      lines.push(headerLine(shape));
    } else {
      lines.push(`[${where}${plural(n, 'item')}${kept}, one per line]`);
    }
    const cell = (v: JsonNode) => this.value(v, null);
    let prev = -1;
    for (const r of rows) {
      if (r > prev + 1) lines.push(elision(plural(r - prev - 1, 'row')));
      const item = items[r]!;
      lines.push(useTable ? tableRow(shape as TableShape, item as JsonObject, cell) : this.value(item, null));
      prev = r;
      this.tick();
    }
    if (cut) {
      if (prev < n - 1) lines.push(elision(plural(n - 1 - prev, 'row')));
      const dropped = `${formatCount(n - rows.length)} of ${formatCount(n)} rows omitted`;
      lines.push(elision(summary ? `${dropped} — ${summary}` : dropped));
      this.keptRows += rows.length;
      this.totalRows += n;
      this.arraysCut++;
    }
    return lines.join('\n');
  }

  /** An array written inside JSON; over budget (inside a section's rows) it keeps a selection with inline notes. */
  private inline(items: readonly JsonNode[], path: string | null): string {
    const n = items.length;
    if (this.opts.lossy && n > this.opts.maxRows) {
      const sel = selectRows(this.rowTable(items, null), {
        maxRows: this.opts.maxRows,
        query: this.opts.query,
        timeUp: this.opts.timeUp,
      });
      if (!sel) throw new Timeout();
      const parts: string[] = [];
      let prev = -1;
      for (const r of sel.keep) {
        if (r > prev + 1) parts.push(elision(plural(r - prev - 1, 'item')));
        parts.push(this.value(items[r]!, null));
        prev = r;
      }
      if (prev < n - 1) parts.push(elision(plural(n - 1 - prev, 'item')));
      this.keptRows += sel.keep.length;
      this.totalRows += n;
      this.arraysCut++;
      return `[${parts.join(',')}]`;
    }
    const parts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      parts[i] = this.value(items[i]!, path === null ? null : `${path}[${i}]`);
      this.tick();
    }
    return `[${parts.join(',')}]`;
  }

  private scalar(raw: string): string {
    const max = this.opts.maxStringChars;
    if (!this.opts.lossy || raw.length <= max + 2 || raw.charCodeAt(0) !== 34 || raw.indexOf(' ') >= 0) return raw;
    // Keep a short prefix (it often says what the blob is: "data:image/png;base64,…") unless it would split an escape.
    let prefix = raw.slice(1, 1 + STRING_PREFIX);
    if (prefix.indexOf('\\') >= 0) prefix = '';
    const last = prefix.charCodeAt(prefix.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
    this.stringsCut++;
    return `"${prefix}${elision(`${formatCount(raw.length - 2 - prefix.length)} more chars of a ${formatCount(raw.length - 2)}-char string`)}"`;
  }

  /** Rows for selection: one column per key (objects) or a single `value` column (scalars, mixed arrays). */
  private rowTable(items: readonly JsonNode[], shape: TableShape | null): RowTable {
    const n = items.length;
    const allObjects = shape !== null || items.every(isObject);
    const texts = new Array<string | undefined>(n);
    const rowText = (r: number) => (texts[r] ??= this.minify(items[r]!));
    if (!allObjects) {
      const values = new Array<string>(n);
      for (let r = 0; r < n; r++) values[r] = rowText(r);
      return { rowCount: n, columns: [{ name: 'value', values }], rowText };
    }
    const index = new Map<string, number>();
    const cols: { name: string; values: (string | undefined)[] }[] = [];
    for (const k of shape?.keys ?? []) addColumn(k);
    function addColumn(key: string): number | undefined {
      if (cols.length >= MAX_ANALYSED_COLUMNS) return undefined;
      index.set(key, cols.length);
      cols.push({ name: decodeString(key), values: new Array<string | undefined>(n) });
      return cols.length - 1;
    }
    for (let r = 0; r < n; r++) {
      const obj = items[r] as JsonObject;
      for (let j = 0; j < obj.keys.length; j++) {
        const key = obj.keys[j]!;
        const c = index.get(key) ?? addColumn(key);
        if (c !== undefined) cols[c]!.values[r] = this.minify(obj.values[j]!);
      }
      if ((r & 4095) === 4095 && this.opts.timeUp()) throw new Timeout();
    }
    const columns: RowColumn[] = cols;
    return { rowCount: n, columns, rowText };
  }

  private tick() {
    if ((++this.ticks & 4095) === 0 && this.opts.timeUp()) throw new Timeout();
  }
}

function isObject(v: JsonNode): v is JsonObject {
  return typeof v !== 'string' && v.type === 'object';
}

function childPath(path: string, rawKey: string): string {
  const key = decodeString(rawKey);
  const part = IDENT.test(key) ? key : `[${rawKey}]`;
  return path === '' ? part : IDENT.test(key) ? `${path}.${key}` : `${path}${part}`;
}

function indices(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
