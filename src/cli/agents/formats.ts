/**
 * Editing agents' config files in place with each format's own library, so the user's comments, key order and
 * formatting survive: jsonc-parser's edit operations (JSON/JSONC), toml-patch (TOML), yaml's Document API (YAML).
 */
import { parse as parseToml, patch as patchToml } from '@decimalturn/toml-patch';
import { applyEdits, modify, parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { isMap, parseDocument } from 'yaml';
import { CliError } from '../errors.ts';
import type { ConfigFormatName } from './types.ts';

export interface ConfigFormat {
  /** The file as plain data; '' is an empty config. Throws a CliError naming the file when it does not parse. */
  parse(text: string, file: string): Record<string, unknown>;
  /** `text` with the value at `path` set (undefined = removed), everything else kept as written. */
  set(text: string, path: readonly string[], value: unknown): string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function asObject(v: unknown, file: string): Obj {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new CliError(`${file} does not hold a table/object at the top; fix or move it first`);
  return v;
}

/** Two-space indent unless the file shows otherwise (jsonc-parser needs to be told). */
function jsonIndent(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const m = /^([ \t]+)\S/m.exec(text);
  const indent = m?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

const json: ConfigFormat = {
  parse(text, file) {
    const errors: ParseError[] = [];
    const v: unknown = text.trim() === '' ? {} : parseJsonc(text, errors, { allowTrailingComma: true });
    if (errors.length > 0) throw new CliError(`${file} is not valid JSON (offset ${errors[0]!.offset}); fix it first`);
    return asObject(v, file);
  },
  set(text, path, value) {
    const base = text.trim() === '' ? '{}\n' : text;
    const edits = modify(base, [...path], value, { formattingOptions: jsonIndent(text) });
    return applyEdits(base, edits);
  },
};

function setDeep(obj: Obj, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (!isObj(cur[key])) cur[key] = {};
    cur = cur[key] as Obj;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

const toml: ConfigFormat = {
  parse(text, file) {
    try {
      return asObject(parseToml(text), file);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${file} is not valid TOML (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); fix it first`);
    }
  },
  set(text, path, value) {
    const data = parseToml(text) as Obj;
    setDeep(data, path, value);
    // patch() rewrites only what differs between the file and `data`; new tables are appended at the end.
    return patchToml(text, data);
  },
};

const yaml: ConfigFormat = {
  parse(text, file) {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) throw new CliError(`${file} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it first`);
    return asObject(doc.toJS(), file);
  },
  set(text, path, value) {
    const doc = parseDocument(text);
    if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
    if (value === undefined) doc.deleteIn([...path]);
    else doc.setIn([...path], value);
    return String(doc);
  },
};

export const FORMATS: Readonly<Record<ConfigFormatName, ConfigFormat>> = { json, toml, yaml };
