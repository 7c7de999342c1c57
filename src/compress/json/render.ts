/**
 * Writes a parsed JSON document back out, small: minified, scalars byte-for-byte as in the source. Arrays of
 * objects become tables (lossless) when that saves enough; arrays longer than the row budget keep a selection of
 * rows plus an honest summary of the rest; long opaque strings (base64, blobs) keep a prefix and their length.
 * Large arrays in an envelope object (`{"items":[…]}`) are written as sections after the envelope.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import type { Query } from '../relevance/query.ts';
import { type DerivedFields, findDerivedFields, projectRow } from './derived-fields.ts';
import { decodeString, type JsonNode, type JsonObject } from './parse.ts';
import { shortenProse } from './prose.ts';
import { queryScores } from './query-rows.ts';
import { scoreSignals } from './row-signals.ts';
import { type RowColumn, type RowTable, selectRows } from './select-rows.ts';
import { summarizeDropped } from './summarize-rows.ts';
import { headerLine, type TableShape, tableRow, tableSaves, tableShape } from './tabulate.ts';

export interface RenderOptions {
  readonly maxRows: number;
  readonly lossy: boolean;
  readonly minTableSaving: number;
  readonly maxStringChars: number;
  readonly maxProseChars: number;
  readonly query: Query;
  readonly timeUp: () => boolean;
}

export class Timeout extends Error {}

const MAX_ANALYSED_COLUMNS = 64;
const STRING_PREFIX = 32;
// Cut prose keeps about this many characters: enough to say what the text is about.
const PROSE_PREFIX = 160;
// A row whose query score reaches this share of the best row's is "about the question" and keeps its prose whole.
const RELEVANT_SHARE = 0.5;
const KEY_COLUMN = '(key)';
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
  proseCut = 0;
  fieldsDropped = 0;
  private ticks = 0;
  // True while rendering a row the question is not about: its long prose keeps only an opening.
  private cutProse = false;

  constructor(private readonly opts: RenderOptions) {}

  /** Plain minified JSON, no cuts: what row analysis and size estimates look at. */
  minify = (node: JsonNode): string => {
    if (typeof node === 'string') return node;
    if (node.type === 'array') return `[${node.items.map(this.minify).join(',')}]`;
    const parts = new Array<string>(node.keys.length);
    for (let i = 0; i < node.keys.length; i++) parts[i] = `${node.keys[i]}:${this.minify(node.values[i]!)}`;
    return `{${parts.join(',')}}`;
  };

  /** Like `minify`, but nested objects-of-records stand in as the reference to their section. */
  private minifyShallow = (node: JsonNode): string => {
    if (typeof node === 'string') return node;
    if (node.type === 'object' && isDictOfRecords(node)) return elision(`${node.keys.length} entries: see a.b.c below`);
    if (node.type === 'array') return `[${node.items.map(this.minifyShallow).join(',')}]`;
    const parts = new Array<string>(node.keys.length);
    for (let i = 0; i < node.keys.length; i++) parts[i] = `${node.keys[i]}:${this.minifyShallow(node.values[i]!)}`;
    return `{${parts.join(',')}}`;
  };

  /** Renders `node`; `path` is its location in the envelope, or null inside a section's rows (no nested sections). */
  value(node: JsonNode, path: string | null): string {
    if (typeof node === 'string') return this.scalar(node);
    if (node.type === 'object') {
      if (path !== null && path !== '' && isDictOfRecords(node)) {
        const section = this.nestedSection(() => this.section(node.values, path, false, node.keys));
        if (section) return elision(`${plural(node.keys.length, 'entry', 'entries')}: see ${path} below`);
      }
      const parts = new Array<string>(node.keys.length);
      for (let i = 0; i < node.keys.length; i++) {
        const key = node.keys[i]!;
        parts[i] = `${key}:${this.value(node.values[i]!, path === null ? null : childPath(path, key))}`;
      }
      return `{${parts.join(',')}}`;
    }
    const items = node.items;
    if (path !== null && path !== '') {
      const section = this.nestedSection(() => this.section(items, path));
      if (section) return elision(`${plural(items.length, 'item')}: see ${path} below`);
    }
    return this.inline(items, path);
  }

  /** Adds a section below the envelope, in reading order: its slot is taken before its rows add their own. */
  private nestedSection(render: () => string | undefined): boolean {
    const slot = this.sections.length;
    this.sections.push('');
    const section = render();
    if (section === undefined) {
      // Nothing was rendered, so no nested section was added after the slot.
      this.sections.pop();
      return false;
    }
    this.sections[slot] = section;
    return true;
  }

  /**
   * The array (or, with `keys`, the object whose values are records) as its own block of lines: a table, or one
   * JSON value per line. Undefined when plain minified JSON is as good.
   */
  section(items: readonly JsonNode[], path: string, anyItems = false, keys?: readonly string[]): string | undefined {
    const n = items.length;
    // Scalars read better inline (`[1,2,[… 40 items …],9]`) than one per line; NDJSON is lines already.
    if (!anyItems && !items.every(isObject)) return undefined;
    const cut = this.opts.lossy && n > this.opts.maxRows;
    const derived =
      this.opts.lossy && n >= 3 && items.every(isObject)
        ? findDerivedFields(items as JsonObject[], Math.min(n, this.opts.maxRows), this.opts.timeUp)
        : null;
    const rows = derived ? (items as JsonObject[]).map((o) => projectRow(o, derived.drop)) : items;
    const shape = tableShape(rows);
    if (!cut && !shape && !derived) return undefined;
    let keep: number[] | undefined;
    let summary = '';
    let important: Uint8Array | undefined;
    const table = cut || this.opts.lossy ? this.rowTable(rows, shape, keys) : undefined;
    if (cut && table) {
      const sel = selectRows(table, { maxRows: this.opts.maxRows, query: this.opts.query, timeUp: this.opts.timeUp });
      if (!sel) throw new Timeout();
      keep = sel.keep;
      summary = summarizeDropped(table, keep, { display: displayCell });
      if (sel.errorRows > sel.keptErrorRows) summary += `; error-like rows kept: ${sel.keptErrorRows} of ${sel.errorRows}`;
    }
    const shown = keep ?? indices(n);
    // Entries of an object-of-records open their own sections for nested objects-of-records (`npm ls` trees), so a
    // cell holding one costs a reference, not its whole subtree, whichever way the entries are written.
    const measure = keys ? this.minifyShallow : this.minify;
    const useTable =
      shape !== null && tableSaves(shape, shown.map((r) => rows[r] as JsonObject), measure, this.opts.minTableSaving);
    const prose = table !== undefined && this.hasLongProse(rows, shown);
    if (!cut && !useTable && !derived && !prose) return undefined;
    if (prose) important = this.importantRows(table);

    const before = keys ? this.snapshot() : undefined;
    const where = path === '' ? '' : `${path}: `;
    const kept = cut ? ` (kept ${formatCount(shown.length)})` : '';
    const what = keys ? plural(n, 'entry', 'entries') : plural(n, useTable ? 'object' : 'item');
    const lines: string[] = [];
    if (useTable) {
      const absent = shape.sparse ? '; empty cell = key absent' : '';
      const first = keys ? `; first column = the entry's key` : '';
      lines.push(`[${where}table of ${what}${kept}${first}; header = keys, cells = JSON values${absent}]`);
      lines.push(keys ? `${KEY_COLUMN},${headerLine(shape)}` : headerLine(shape));
    } else {
      lines.push(`[${where}${what}${kept}, one per line]`);
    }
    if (derived) {
      lines.push(`[left out of every ${keys ? 'entry' : 'row'}, always equal to: ${derived.rules.join('; ')}]`);
      this.fieldsDropped += derived.rules.length;
    }
    let prev = -1;
    for (const r of shown) {
      if (r > prev + 1) lines.push(elision(plural(r - prev - 1, keys ? 'entry' : 'row', keys ? 'entries' : 'rows')));
      lines.push(this.row(rows[r]!, shape, useTable, keys?.[r], important ? !important[r] : false, path));
      prev = r;
      this.tick();
    }
    if (cut) {
      const unit = keys ? 'entries' : 'rows';
      if (prev < n - 1) lines.push(elision(plural(n - 1 - prev, keys ? 'entry' : 'row', unit)));
      const dropped = `${formatCount(n - shown.length)} of ${formatCount(n)} ${unit} omitted`;
      lines.push(elision(summary ? `${dropped} — ${summary}` : dropped));
      this.keptRows += shown.length;
      this.totalRows += n;
      this.arraysCut++;
    }
    const out = lines.join('\n');
    // Objects-of-records are often small entries (`"x":{}`) where a cut saves less than its notes cost: then the
    // entries stay inline, as if this section had never been written.
    if (before && !useTable && out.length >= this.minify({ type: 'object', keys: keys!, values: items as JsonNode[] }).length * 0.85) {
      this.restore(before);
      return undefined;
    }
    return out;
  }

  private snapshot(): number[] {
    return [this.sections.length, this.keptRows, this.totalRows, this.arraysCut, this.stringsCut, this.proseCut, this.fieldsDropped];
  }

  private restore(s: number[]) {
    this.sections.length = s[0]!;
    [, this.keptRows, this.totalRows, this.arraysCut, this.stringsCut, this.proseCut, this.fieldsDropped] = s as [number, number, number, number, number, number, number];
  }

  /** One row of a section; entries of an object-of-records keep their key and may open nested sections. */
  private row(item: JsonNode, shape: TableShape | null, useTable: boolean, key: string | undefined, cutProse: boolean, path: string): string {
    const outer = this.cutProse;
    this.cutProse = cutProse;
    const inner = key === undefined ? null : childPath(path, key);
    let line: string;
    if (useTable && shape) {
      line = tableRow(shape, item as JsonObject, (v, k) => this.value(v, inner === null ? null : childPath(inner, k)));
      if (key !== undefined) line = `${displayCell(key)},${line}`;
    } else {
      line = this.value(item, inner);
      if (key !== undefined) line = `${key}:${line}`;
    }
    this.cutProse = outer;
    return line;
  }

  /** Some shown row has a string long enough to be cut as prose. */
  private hasLongProse(rows: readonly JsonNode[], shown: readonly number[]): boolean {
    const max = this.opts.maxProseChars + 2;
    const long = (node: JsonNode, depth: number): boolean => {
      if (typeof node === 'string') return node.length > max && node.charCodeAt(0) === 34;
      if (depth > 3) return false;
      const children = node.type === 'object' ? node.values : node.items;
      for (const c of children) if (long(c, depth + 1)) return true;
      return false;
    };
    for (const r of shown) if (long(rows[r]!, 0)) return true;
    return false;
  }

  /** Rows the question is about (BM25 near the best row's score) or that look like errors: their prose stays whole. */
  private importantRows(table: RowTable): Uint8Array {
    const n = table.rowCount;
    const out = new Uint8Array(n);
    const q = queryScores(table, this.opts.query, this.opts.timeUp);
    if (!q || !scoreSignals(table, new Float64Array(n), out, this.opts.timeUp)) throw new Timeout();
    let max = 0;
    for (const s of q) if (s > max) max = s;
    if (max > 0) for (let r = 0; r < n; r++) if (q[r]! >= max * RELEVANT_SHARE) out[r] = 1;
    return out;
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
    if (!this.opts.lossy || raw.charCodeAt(0) !== 34) return raw;
    if (this.cutProse && raw.length > this.opts.maxProseChars + 2) {
      const short = shortenProse(raw, this.opts.maxProseChars, PROSE_PREFIX);
      if (short !== undefined) {
        this.proseCut++;
        return short;
      }
    }
    if (raw.length <= max + 2 || raw.indexOf(' ') >= 0) return raw;
    // Keep a short prefix (it often says what the blob is: "data:image/png;base64,…") unless it would split an escape.
    let prefix = raw.slice(1, 1 + STRING_PREFIX);
    if (prefix.indexOf('\\') >= 0) prefix = '';
    const last = prefix.charCodeAt(prefix.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
    this.stringsCut++;
    return `"${prefix}${elision(`${formatCount(raw.length - 2 - prefix.length)} more chars of a ${formatCount(raw.length - 2)}-char string`)}"`;
  }

  /** Rows for selection: one column per key (objects) or a single `value` column (scalars, mixed arrays). */
  private rowTable(items: readonly JsonNode[], shape: TableShape | null, keys?: readonly string[]): RowTable {
    const n = items.length;
    const allObjects = shape !== null || items.every(isObject);
    const texts = new Array<string | undefined>(n);
    const rowText = keys
      ? (r: number) => (texts[r] ??= `${keys[r]!}:${this.minify(items[r]!)}`)
      : (r: number) => (texts[r] ??= this.minify(items[r]!));
    if (!allObjects) {
      const values = new Array<string>(n);
      for (let r = 0; r < n; r++) values[r] = rowText(r);
      return { rowCount: n, columns: [{ name: 'value', values }], rowText };
    }
    const index = new Map<string, number>();
    const cols: { name: string; values: (string | undefined)[] }[] = [];
    // An object-of-records' keys are a column too: questions name packages, hosts, ids by their key.
    if (keys) cols.push({ name: KEY_COLUMN, values: keys.slice() });
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

// An object is a table in disguise when it maps many keys (package names, hosts, ids) to objects: `npm ls --json`,
// `{"web-1": {...}, "web-2": {...}}`. At least 3 entries, mostly non-empty objects sharing some keys.
export function isDictOfRecords(node: JsonObject): boolean {
  const n = node.values.length;
  if (n < 3) return false;
  let filled = 0;
  let firstKeys: readonly string[] | undefined;
  let shared = 0;
  for (const v of node.values) {
    if (!isObject(v)) return false;
    if (v.keys.length === 0) continue;
    filled++;
    if (firstKeys === undefined) firstKeys = v.keys;
    else if (v.keys === firstKeys || v.keys[0] === firstKeys[0]) shared++;
  }
  return filled >= 2 && shared + 1 >= filled / 2;
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
