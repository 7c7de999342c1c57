/**
 * Lossless table encoding of an array of objects: one header line of keys, then one line per object with its values
 * as JSON, comma-separated. Strings keep their quotes, so `1` and `"1"` stay distinct, commas inside strings are
 * unambiguous, and an empty cell can only mean "this object has no such key". Decoding zips header and cells back
 * into objects in the original key order, which is why rows must list their keys in header order.
 */
import { countTokens } from '../../tokens/count.ts';
import type { JsonNode, JsonObject } from './parse.ts';

export interface TableShape {
  /** Raw keys (with quotes) in header order. */
  readonly keys: string[];
  /** True when some object lacks some key (the note then explains empty cells). */
  readonly sparse: boolean;
}

const MAX_COLUMNS = 40;
// Below this share of filled cells a table is mostly commas and reads worse than JSON.
const MIN_DENSITY = 0.6;
const BARE_KEY = /^[A-Za-z_$][\w$.-]*$/;

/** The header that encodes every object losslessly, or null when the array is not a table. */
export function tableShape(items: readonly JsonNode[]): TableShape | null {
  if (items.length < 3) return null;
  const keys: string[] = [];
  const pos = new Map<string, number>();
  let cells = 0;
  for (const item of items) {
    if (typeof item === 'string' || item.type !== 'object') return null;
    let last = -1;
    for (const k of item.keys) {
      let p = pos.get(k);
      if (p === undefined) {
        p = keys.length;
        if (p >= MAX_COLUMNS) return null;
        keys.push(k);
        pos.set(k, p);
      }
      // Keys out of header order (or repeated) could not be rebuilt in their original order.
      if (p <= last) return null;
      last = p;
    }
    cells += item.keys.length;
  }
  if (keys.length === 0) return null;
  const total = keys.length * items.length;
  if (cells < total * MIN_DENSITY) return null;
  return { keys, sparse: cells < total };
}

/** The header line: keys bare when they are plain identifiers, else JSON-quoted. */
export function headerLine(shape: TableShape): string {
  return shape.keys.map((k) => (BARE_KEY.test(k.slice(1, -1)) ? k.slice(1, -1) : k)).join(',');
}

/** One table line; `cell` renders a value of raw key `key` (the renderer applies string elision and nested cuts). */
export function tableRow(shape: TableShape, obj: JsonObject, cell: (v: JsonNode, key: string) => string): string {
  const out = new Array<string>(shape.keys.length).fill('');
  let j = 0;
  for (let c = 0; c < shape.keys.length && j < obj.keys.length; c++) {
    if (obj.keys[j] === shape.keys[c]) out[c] = cell(obj.values[j++]!, shape.keys[c]!);
  }
  return out.join(',');
}

/**
 * Whether the table saves at least `minSaving` of the tokens of the same rows as minified JSON, measured exactly on
 * an evenly spaced sample of rows (counting the whole array would cost more than the encoding).
 */
export function tableSaves(
  shape: TableShape,
  rows: readonly JsonObject[],
  minify: (v: JsonNode) => string,
  minSaving: number,
): boolean {
  const sample = Math.min(rows.length, 24);
  const step = rows.length / sample;
  const json: string[] = [];
  const table: string[] = [headerLine(shape)];
  for (let k = 0; k < sample; k++) {
    const row = rows[Math.floor(k * step)]!;
    json.push(minify(row));
    table.push(tableRow(shape, row, (v) => minify(v)));
  }
  // The header is paid once; scale the sampled rows up to the whole array before comparing.
  const jsonTokens = countTokens(json.join(',')) * (rows.length / sample);
  const headerTokens = countTokens(table[0]!) + 20;
  const rowTokens = countTokens(table.slice(1).join('\n')) * (rows.length / sample);
  return headerTokens + rowTokens <= jsonTokens * (1 - minSaving);
}
