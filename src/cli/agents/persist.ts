/**
 * Durable mode: point an agent at the proxy in its own config file, and undo it exactly.
 *
 * The first wrap copies the file's bytes to the data dir and records, per key we set, what was there before and
 * a hash of the bytes we wrote. Unwrap restores the copy byte-for-byte when the file still holds exactly what we
 * wrote; when the user has edited it since, it puts back only our keys (their previous values, or removes them and
 * any table we created). Wrapping again only rewrites keys whose value differs (e.g. a new port): idempotent.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { dataDir } from '../../../runtimes/node-storage.ts';
import { CliError } from '../errors.ts';
import { FORMATS } from './formats.ts';
import { getIn, type AgentDef, type ConfigEdit, type PersistSpec, type WrapContext } from './types.ts';

interface EditRecord {
  path: string[];
  /** Whether the key existed before the first wrap, and its value then. */
  had: boolean;
  previous?: unknown;
  /** What we put there (the last wrap). */
  ours: unknown;
  /** How many leading path segments existed before: deeper tables were created by us. */
  existing: number;
}

export interface PersistState {
  agent: string;
  file: string;
  existed: boolean;
  /** The file's bytes before the first wrap (absent when the file did not exist). */
  backup?: string;
  /** sha256 of the bytes we last wrote. */
  written: string;
  base: string;
  edits: EditRecord[];
  time: number;
}

export const wrappedDir = (env: NodeJS.ProcessEnv = process.env) => join(dataDir(env), 'wrapped');
const statePath = (agent: string, env: NodeJS.ProcessEnv) => join(wrappedDir(env), `${agent}.json`);
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function readPersistState(agent: string, env: NodeJS.ProcessEnv = process.env): PersistState | undefined {
  const p = statePath(agent, env);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as PersistState;
  } catch {
    throw new CliError(`${p} is corrupt; restore the agent's config from ${p.replace(/\.json$/, '.backup')} by hand and delete it`);
  }
}

function spec(agent: AgentDef): PersistSpec {
  if (!agent.persist) throw new CliError(`${agent.name} has no config file headroom can edit; use \`headroom wrap ${agent.name}\` without --persist`);
  return agent.persist;
}

/** Deep equality of config values as data: parsers hand back objects with their own prototypes (toml-patch, yaml). */
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const same = (a: unknown, b: unknown) => isDeepStrictEqual(plain(a), plain(b));

const readBytes = (file: string) => (existsSync(file) ? readFileSync(file) : undefined);

function existingDepth(data: unknown, path: readonly string[]): number {
  let n = 0;
  while (n < path.length && getIn(data, path.slice(0, n + 1)) !== undefined) n++;
  return n;
}

export interface PersistResult {
  file: string;
  changed: boolean;
  backup?: string;
}

export function persistWrap(agent: AgentDef, ctx: WrapContext): PersistResult {
  const s = spec(agent);
  const fmt = FORMATS[s.format];
  const file = s.file(ctx.env);
  const prior = readPersistState(agent.name, ctx.env);
  if (prior && prior.file !== file) {
    throw new CliError(`${agent.name} is already wrapped in ${prior.file}; run \`headroom unwrap ${agent.name}\` first`);
  }
  const bytes = readBytes(file);
  const original = bytes?.toString('utf8') ?? '';
  let text = original;
  const before = fmt.parse(text, file);
  const records: EditRecord[] = [];
  for (const edit of s.edits(ctx)) {
    const current = getIn(fmt.parse(text, file), edit.path);
    const value = edit.value(current);
    const old = prior?.edits.find((r) => isDeepStrictEqual(r.path, edit.path));
    records.push(old
      ? { ...old, ours: value }
      : { path: edit.path, had: current !== undefined, previous: current, ours: value, existing: existingDepth(before, edit.path) });
    if (!same(current, value)) text = fmt.set(text, edit.path, value);
  }
  const changed = text !== original || bytes === undefined;
  const dir = wrappedDir(ctx.env);
  mkdirSync(dir, { recursive: true });
  let backup = prior?.backup;
  if (!prior && bytes) {
    backup = join(dir, `${agent.name}.backup`);
    writeFileSync(backup, bytes);
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    // In place (not rename): keeps the file's mode and a symlinked dotfile pointing where it did.
    writeFileSync(file, text);
  }
  const state: PersistState = {
    agent: agent.name, file, existed: prior ? prior.existed : bytes !== undefined, ...(backup ? { backup } : {}),
    written: sha256(text), base: ctx.base, edits: records, time: Date.now(),
  };
  writeFileSync(statePath(agent.name, ctx.env), `${JSON.stringify(state, null, 2)}\n`);
  return { file, changed, ...(backup ? { backup } : {}) };
}

export interface UnwrapResult {
  file: string;
  /** exact: the pre-wrap bytes are back; keys: only our keys were put back (the file was edited since); gone: the file no longer exists. */
  how: 'exact' | 'keys' | 'gone';
  /** Keys left alone because the user changed them after we set them. */
  kept: string[];
}

function revertKey(edit: ConfigEdit | undefined, r: EditRecord, now: unknown): unknown {
  if (edit?.revert) return edit.revert(now, r.had ? r.previous : undefined);
  return same(now, r.ours) ? (r.had ? r.previous : undefined) : now;
}

export function persistUnwrap(agent: AgentDef, env: NodeJS.ProcessEnv = process.env): UnwrapResult | undefined {
  const s = spec(agent);
  const state = readPersistState(agent.name, env);
  if (!state) return undefined;
  const fmt = FORMATS[s.format];
  const bytes = readBytes(state.file);
  let result: UnwrapResult;
  if (!bytes) {
    result = { file: state.file, how: 'gone', kept: [] };
  } else if (sha256(bytes) === state.written) {
    if (state.existed && state.backup) writeFileSync(state.file, readFileSync(state.backup));
    else rmSync(state.file, { force: true });
    result = { file: state.file, how: 'exact', kept: [] };
  } else {
    const edits = s.edits({ base: state.base, env });
    let text = bytes.toString('utf8');
    const kept: string[] = [];
    for (const r of [...state.edits].reverse()) {
      const now = getIn(fmt.parse(text, state.file), r.path);
      const edit = edits.find((e) => isDeepStrictEqual(e.path, r.path));
      const target = revertKey(edit, r, now);
      if (!edit?.revert && !same(now, r.ours)) kept.push(r.path.join('.'));
      if (!same(now, target)) text = fmt.set(text, r.path, target);
      // Tables we created and that are now empty go too.
      for (let n = r.path.length - 1; n > r.existing; n--) {
        const parent = getIn(fmt.parse(text, state.file), r.path.slice(0, n));
        if (parent && typeof parent === 'object' && !Array.isArray(parent) && Object.keys(parent).length === 0) {
          text = fmt.set(text, r.path.slice(0, n), undefined);
        }
      }
    }
    writeFileSync(state.file, text);
    result = { file: state.file, how: 'keys', kept };
  }
  rmSync(statePath(agent.name, env), { force: true });
  if (state.backup) rmSync(state.backup, { force: true });
  return result;
}

/** GUI agents keep our settings in the app itself: a marker remembers that their proxy must stay up. */
const guiPath = (agent: string, env: NodeJS.ProcessEnv) => join(wrappedDir(env), `${agent}.gui.json`);

export function markGui(agent: string, base: string, env: NodeJS.ProcessEnv = process.env): void {
  mkdirSync(wrappedDir(env), { recursive: true });
  writeFileSync(guiPath(agent, env), `${JSON.stringify({ agent, base, time: Date.now() })}\n`);
}

/** Removes the marker; true when there was one. */
export function unmarkGui(agent: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const p = guiPath(agent, env);
  if (!existsSync(p)) return false;
  rmSync(p, { force: true });
  return true;
}

export interface WrappedEntry {
  agent: string;
  base: string;
  /** The config file we edited (absent for GUI agents). */
  file?: string;
}

/** Every agent wrapped durably on this machine (config files and GUI markers). */
export function listWrapped(env: NodeJS.ProcessEnv = process.env): WrappedEntry[] {
  const dir = wrappedDir(env);
  if (!existsSync(dir)) return [];
  const out: WrappedEntry[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    try {
      const s = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { agent?: unknown; base?: unknown; file?: unknown };
      if (typeof s.agent !== 'string' || typeof s.base !== 'string') continue;
      out.push({ agent: s.agent, base: s.base, ...(typeof s.file === 'string' ? { file: s.file } : {}) });
    } catch {
      // a corrupt entry is reported by readPersistState when that agent is used
    }
  }
  return out;
}
