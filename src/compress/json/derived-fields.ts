/**
 * Fields that carry nothing the rest of the row does not already say: the same long value in every row
 * (`repository_url`), or another field of the same row wrapped in a fixed prefix and suffix in every row
 * (`url = "https://api.github.com/repos/o/r/issues/" + number`, `user.avatar_url = "…/u/" + user.id + "?v=4"`).
 * API responses repeat a dozen of these per object. In lossy mode the renderer leaves them out and prints each rule
 * once; every rule is checked on every row of the array (not a sample), so each left-out value is exactly what its
 * rule rebuilds and nothing is guessed.
 */
import { decodeString, type JsonNode, type JsonObject } from './parse.ts';

/** Which keys to leave out of an object: `true` drops the value, a nested tree drops inside it. */
export type DropTree = Map<string, DropTree | true>;

export interface DerivedFields {
  readonly drop: DropTree;
  /** One `path = rule` per left-out field, in row order. */
  readonly rules: string[];
}

// Shorter values are not worth a rule; 12 covers "https://x.io" and every id-bearing URL.
const MIN_DERIVED_CHARS = 12;
const MIN_CONSTANT_CHARS = 16;
const MAX_DEPTH = 3;
const MAX_LEAVES = 200;

interface Leaf {
  readonly keys: readonly string[];
  readonly label: string;
}

interface Rule {
  source: number;
  prefix: string;
  suffix: string;
}

/** Finds the left-out fields of an array of objects, or null when none pay for their rule. */
export function findDerivedFields(rows: readonly JsonObject[], rowsShown: number, timeUp: () => boolean): DerivedFields | null {
  const n = rows.length;
  const first = rows[0];
  if (n < 3 || first === undefined) return null;
  const leaves: Leaf[] = [];
  collectLeaves(first, [], '', 0, leaves);
  // Row 0 decides which fields could be derived (long strings) and which fields could say it (scalars).
  const firstValues = leaves.map((l) => leafValue(first, l.keys));
  const candidates: number[] = [];
  for (let f = 0; f < leaves.length; f++) {
    const v = firstValues[f];
    if (v !== undefined && v.charCodeAt(0) === 34 && v.length - 2 >= MIN_DERIVED_CHARS) candidates.push(f);
  }
  if (candidates.length === 0) return null;

  // Values are read row by row with an early exit: on big arrays of records most candidates fail on the second row.
  const valueAt = (r: number, l: number): string | undefined => {
    const raw = leafValue(rows[r]!, leaves[l]!.keys);
    return raw === undefined ? undefined : decodeScalar(raw);
  };

  const constant = new Set<number>();
  const rulesOf = new Map<number, Rule[]>();
  for (const f of candidates) {
    if (timeUp()) return null;
    const raw0 = firstValues[f]!;
    const v0 = decodeScalar(raw0);
    if (v0.length >= MIN_CONSTANT_CHARS && sameInEveryRow(rows, leaves[f]!.keys, raw0)) {
      constant.add(f);
      continue;
    }
    const rules: Rule[] = [];
    for (let g = 0; g < leaves.length; g++) {
      const g0 = g === f ? undefined : firstValues[g];
      if (g0 === undefined || !isSourceScalar(g0)) continue;
      const gv0 = decodeScalar(g0);
      if (gv0 === '') continue;
      const at = v0.indexOf(gv0);
      if (at < 0) continue;
      const rule = { source: g, prefix: v0.slice(0, at), suffix: v0.slice(at + gv0.length) };
      if (holds(rule, n, (r) => valueAt(r, f), (r) => valueAt(r, g))) rules.push(rule);
    }
    if (rules.length > 0) rulesOf.set(f, rules);
  }

  // Rules may only point at fields that stay in the rows, so no left-out value depends on another left-out one.
  const kept = new Set<number>();
  for (let l = 0; l < leaves.length; l++) if (!constant.has(l) && !rulesOf.has(l)) kept.add(l);
  const chosen = new Map<number, Rule>();
  let open = [...rulesOf.keys()];
  while (open.length > 0) {
    const next: number[] = [];
    for (const f of open) {
      let best: Rule | undefined;
      for (const rule of rulesOf.get(f)!) {
        if (!kept.has(rule.source)) continue;
        if (!best || rule.prefix.length + rule.suffix.length < best.prefix.length + best.suffix.length) best = rule;
      }
      if (best) chosen.set(f, best);
      else next.push(f);
    }
    // No progress: the rest only derive from each other (url ↔ html_url); keep the first of them and go on.
    if (next.length === open.length) kept.add(next.shift()!);
    open = next;
  }
  if (constant.size === 0 && chosen.size === 0) return null;

  const drop: DropTree = new Map();
  const rules: string[] = [];
  let savedChars = 0;
  for (let l = 0; l < leaves.length; l++) {
    const leaf = leaves[l]!;
    const rule = chosen.get(l);
    if (!constant.has(l) && !rule) continue;
    addDrop(drop, leaf.keys);
    const text = rule
      ? [rule.prefix && JSON.stringify(rule.prefix), leaves[rule.source]!.label, rule.suffix && JSON.stringify(rule.suffix)]
          .filter((s) => s !== '')
          .join('+')
      : firstValues[l]!;
    rules.push(`${leaf.label} = ${text}`);
    savedChars += leaf.keys[leaf.keys.length - 1]!.length + firstValues[l]!.length + 2;
  }
  // The rules are printed once; leaving the fields out has to win that back over the rows actually shown.
  if (savedChars * Math.min(n, rowsShown) <= 2 * rules.join('; ').length) return null;
  return { drop, rules };
}

/** The object without the dropped fields (shares unchanged values; key lists are new arrays). */
export function projectRow(obj: JsonObject, drop: DropTree): JsonObject {
  const keys: string[] = [];
  const values: JsonNode[] = [];
  for (let i = 0; i < obj.keys.length; i++) {
    const key = obj.keys[i]!;
    const value = obj.values[i]!;
    const d = drop.get(key);
    if (d === true) continue;
    keys.push(key);
    values.push(d && typeof value !== 'string' && value.type === 'object' ? projectRow(value, d) : value);
  }
  return { type: 'object', keys, values };
}

function collectLeaves(obj: JsonObject, keys: string[], label: string, depth: number, out: Leaf[]) {
  for (let i = 0; i < obj.keys.length && out.length < MAX_LEAVES; i++) {
    const key = obj.keys[i]!;
    const value = obj.values[i]!;
    const path = [...keys, key];
    const name = `${label}${label === '' ? '' : '.'}${decodeString(key)}`;
    if (typeof value === 'string') out.push({ keys: path, label: name });
    else if (value.type === 'object' && depth < MAX_DEPTH) collectLeaves(value, path, name, depth + 1, out);
  }
}

/** The raw scalar at `keys`, or undefined when the row lacks it or has a non-scalar there. */
function leafValue(obj: JsonObject, keys: readonly string[]): string | undefined {
  let node: JsonNode = obj;
  for (const key of keys) {
    if (typeof node === 'string' || node.type !== 'object') return undefined;
    const i: number = node.keys.indexOf(key);
    if (i < 0) return undefined;
    node = node.values[i]!;
  }
  return typeof node === 'string' ? node : undefined;
}

function addDrop(tree: DropTree, keys: readonly string[]) {
  let t = tree;
  for (let i = 0; i < keys.length - 1; i++) {
    let sub = t.get(keys[i]!);
    if (sub === undefined || sub === true) {
      sub = new Map();
      t.set(keys[i]!, sub);
    }
    t = sub;
  }
  t.set(keys[keys.length - 1]!, true);
}

/** Strings and numbers can be spliced into a value; `true`/`null` inside a URL would be a coincidence. */
function isSourceScalar(raw: string): boolean {
  const c = raw.charCodeAt(0);
  return c === 34 || c === 45 || (c >= 48 && c <= 57);
}

function decodeScalar(raw: string): string {
  return raw.charCodeAt(0) === 34 ? decodeString(raw) : raw;
}

function holds(rule: Rule, n: number, value: (r: number) => string | undefined, source: (r: number) => string | undefined): boolean {
  const fixed = rule.prefix.length + rule.suffix.length;
  for (let r = 1; r < n; r++) {
    const v = value(r);
    const s = source(r);
    if (v === undefined || s === undefined || v.length !== fixed + s.length) return false;
    if (!v.startsWith(rule.prefix) || !v.endsWith(rule.suffix) || !v.startsWith(s, rule.prefix.length)) return false;
  }
  return true;
}

/** The same raw value at `keys` in every row (raw equality: the value is printed once, exactly as written). */
function sameInEveryRow(rows: readonly JsonObject[], keys: readonly string[], raw0: string): boolean {
  for (let r = 1; r < rows.length; r++) if (leafValue(rows[r]!, keys) !== raw0) return false;
  return true;
}
