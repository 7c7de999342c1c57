/**
 * A JSON parser that keeps every scalar's source text. `JSON.parse` would turn `1.0` into `1` and round large
 * integers; we re-emit exactly what the tool wrote, so scalars stay raw slices of the input (strings keep their quotes
 * and escapes). Also reads NDJSON / concatenated JSON (one value per line) as a list of documents.
 */

/** A scalar is its raw source text: `"a\"b"`, `-1.50e3`, `true`, `null`. */
export type JsonNode = string | JsonArray | JsonObject;

export interface JsonArray {
  readonly type: 'array';
  readonly items: JsonNode[];
}

export interface JsonObject {
  readonly type: 'object';
  /** Raw keys including their quotes, in source order; shared between objects with the same keys (never mutate). */
  readonly keys: readonly string[];
  readonly values: JsonNode[];
}

export interface ParsedJson {
  /** One value for a JSON document; several for NDJSON. */
  readonly docs: JsonNode[];
  readonly ndjson: boolean;
}

// Deeper nesting than this is not tool output we can help with, and recursion must not blow the stack.
const MAX_DEPTH = 400;
const NO_KEYS: readonly string[] = [];

class Fail extends Error {}

/** Parses `text` as one JSON value or as newline-separated values; `null` when it is neither. */
export function parseJson(text: string): ParsedJson | null {
  const n = text.length;
  let i = 0;
  const lastKeys: (readonly string[] | undefined)[] = [];

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };

  const str = (): string => {
    const start = i;
    let j = i + 1;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q < 0) throw new Fail();
      // A quote preceded by an odd number of backslashes is escaped.
      let b = q - 1;
      while (text.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 0) {
        i = q + 1;
        const raw = text.slice(start, i);
        // Raw control characters are invalid in JSON strings; a newline means this is not JSON at all.
        if (raw.includes('\n')) throw new Fail();
        return raw;
      }
      j = q + 1;
    }
  };

  const num = (): string => {
    const start = i;
    if (text.charCodeAt(i) === 45) i++;
    let digits = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      // digits . e E + -
      if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45) {
        if (c >= 48 && c <= 57) digits++;
        i++;
      } else break;
    }
    if (digits === 0) throw new Fail();
    return text.slice(start, i);
  };

  const lit = (word: string): string => {
    if (!text.startsWith(word, i)) throw new Fail();
    i += word.length;
    return word;
  };

  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) throw new Fail();
    ws();
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return { type: 'object', keys: NO_KEYS, values: [] };
      }
      // Rows of an array repeat the same keys: reuse the previous key list seen at this depth while the keys match,
      // instead of allocating new strings and arrays (allocation, not scanning, is what makes a JS parser slow).
      const shared = lastKeys[depth];
      let keys: string[] | undefined;
      const values: JsonNode[] = [];
      for (let k = 0; ; k++) {
        ws();
        if (text.charCodeAt(i) !== 34) throw new Fail();
        const known = keys === undefined ? shared?.[k] : undefined;
        if (known !== undefined && text.startsWith(known, i)) i += known.length;
        else {
          keys ??= shared ? shared.slice(0, k) : [];
          keys.push(str());
        }
        ws();
        if (text.charCodeAt(i) !== 58) throw new Fail();
        i++;
        values.push(value(depth + 1));
        ws();
        const d = text.charCodeAt(i++);
        if (d === 125) break;
        if (d !== 44) throw new Fail();
      }
      const all = keys ?? (shared!.length === values.length ? shared! : shared!.slice(0, values.length));
      lastKeys[depth] = all;
      return { type: 'object', keys: all, values };
    }
    if (c === 91) {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        const d = text.charCodeAt(i++);
        if (d === 93) return { type: 'array', items };
        if (d !== 44) throw new Fail();
      }
    }
    if (c === 34) return str();
    if (c === 116) return lit('true');
    if (c === 102) return lit('false');
    if (c === 110) return lit('null');
    return num();
  };

  try {
    const docs: JsonNode[] = [];
    let sawNewline = true;
    for (;;) {
      ws();
      if (i >= n) break;
      // Several values only count as NDJSON when each starts on its own line.
      if (!sawNewline) return null;
      docs.push(value(0));
      const end = i;
      ws();
      sawNewline = false;
      for (let k = end; k < i; k++) if (text.charCodeAt(k) === 10) sawNewline = true;
    }
    if (docs.length === 0) return null;
    if (docs.length > 1 && docs.some((d) => typeof d === 'string')) return null;
    return { docs, ndjson: docs.length > 1 };
  } catch (e) {
    if (e instanceof Fail || e instanceof RangeError) return null;
    throw e;
  }
}

/** True for a raw scalar that is a JSON number. */
export function isRawNumber(raw: string): boolean {
  const c = raw.charCodeAt(0);
  return c === 45 || (c >= 48 && c <= 57);
}

/** The string value of a raw JSON string (quotes and escapes resolved). */
export function decodeString(raw: string): string {
  return raw.indexOf('\\') < 0 ? raw.slice(1, -1) : (JSON.parse(raw) as string);
}
