/**
 * Registering the headroom MCP server in an agent's own config file, as text in → text out (the CLI does the file
 * I/O). Edits are surgical — jsonc-parser for JSON, an appended table or toml-patch for TOML — so comments,
 * formatting and everything else in the file stay as they were, and uninstall can give back the exact bytes.
 */
import { applyEdits, modify, parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml, patch as patchToml } from '@decimalturn/toml-patch';
import { InvalidInputError } from '../errors.ts';

/** The server name in every agent's config (`mcpServers.headroom`, `[mcp_servers.headroom]`). */
export const SERVER_NAME = 'headroom';

/** How the agent reaches the server: a command it spawns (stdio), or the proxy's /mcp URL. */
export type Launch = { command: string; args: string[] } | { url: string };

export interface ConfigFormat {
  /** The value stored under the server name. */
  entry(launch: Launch): Record<string, unknown>;
  read(text: string): Record<string, unknown> | undefined;
  /** `text` with our entry set to `value` (added or replaced). */
  write(text: string, value: Record<string, unknown>): string;
  /** `text` without our entry; `dropParent` also removes the then-empty servers table. */
  remove(text: string, dropParent: boolean): string;
  /** Whether the servers table exists at all (remembered so uninstall only drops a table install created). */
  hasParent(text: string): boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonFormat(parent: string, entry: (l: Launch) => Record<string, unknown>): ConfigFormat {
  const opts = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
  const root = (text: string): Record<string, unknown> => {
    if (text.trim() === '') return {};
    const errors: ParseError[] = [];
    const v: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
    if (errors.length > 0 || !isObj(v)) throw new InvalidInputError('the config file is not a JSON object; fix or move it first');
    return v;
  };
  const servers = (text: string) => root(text)[parent];
  return {
    entry,
    read: (text) => {
      const s = servers(text);
      return isObj(s) && isObj(s[SERVER_NAME]) ? s[SERVER_NAME] : undefined;
    },
    write: (text, value) => applyEdits(text, modify(text, [parent, SERVER_NAME], value, opts)),
    remove: (text, dropParent) => {
      let out = applyEdits(text, modify(text, [parent, SERVER_NAME], undefined, opts));
      const s = servers(out);
      if (dropParent && isObj(s) && Object.keys(s).length === 0) out = applyEdits(out, modify(out, [parent], undefined, opts));
      return out;
    },
    hasParent: (text) => servers(text) !== undefined,
  };
}

/** TOML keys need quoting unless bare; strings are emitted as JSON strings, which are valid TOML basic strings. */
const tomlValue = (v: unknown): string => (Array.isArray(v) ? `[${v.map(tomlValue).join(', ')}]` : JSON.stringify(v));

function tomlTable(value: Record<string, unknown>): string {
  return `[mcp_servers.${SERVER_NAME}]\n${Object.entries(value).map(([k, v]) => `${k} = ${tomlValue(v)}`).join('\n')}\n`;
}

/** Codex CLI: `[mcp_servers.<name>]` with `command`/`args` (stdio) or `url` (streamable HTTP) in config.toml. */
const tomlFormat: ConfigFormat = {
  entry: (l) => ('url' in l ? { url: l.url } : { command: l.command, args: l.args }),
  read: (text) => {
    const s = tomlDoc(text).mcp_servers;
    return isObj(s) && isObj(s[SERVER_NAME]) ? s[SERVER_NAME] : undefined;
  },
  write: (text, value) => {
    const base = tomlFormat.read(text) ? tomlFormat.remove(text, false) : text;
    // Appending our own table keeps the user's bytes untouched and reads naturally; it is only valid when no
    // inline `mcp_servers = {…}` exists, which the check below catches (then toml-patch edits the document).
    const appended = `${base === '' ? '' : base.endsWith('\n') ? `${base}\n` : `${base}\n\n`}${tomlTable(value)}`;
    try {
      if (JSON.stringify(tomlFormat.read(appended)) === JSON.stringify(value)) return appended;
    } catch {
      // fall through to a structural edit
    }
    const doc = tomlDoc(base);
    doc.mcp_servers = { ...(isObj(doc.mcp_servers) ? doc.mcp_servers : {}), [SERVER_NAME]: value };
    return patchToml(base, doc);
  },
  remove: (text, dropParent) => {
    const value = tomlFormat.read(text);
    if (!value) return text;
    // The table `write` appended, with the blank line before it: cut exactly those bytes.
    const table = tomlTable(value);
    const at = text.lastIndexOf(table);
    if (at >= 0 && text.slice(at + table.length).trim() === '' && !/\[mcp_servers\.headroom\./.test(text)) {
      const before = text.slice(0, at);
      const out = before.endsWith('\n\n') ? before.slice(0, -1) : before;
      if (!tomlFormat.read(out)) return out;
    }
    const doc = tomlDoc(text);
    const servers = doc.mcp_servers as Record<string, unknown>;
    delete servers[SERVER_NAME];
    if (dropParent && Object.keys(servers).length === 0) delete doc.mcp_servers;
    return patchToml(text, doc);
  },
  hasParent: (text) => tomlDoc(text).mcp_servers !== undefined,
};

function tomlDoc(text: string): Record<string, unknown> & { mcp_servers?: Record<string, unknown> } {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidInputError(`the config file is not valid TOML (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); fix it first`);
  }
}

export interface AgentMcpConfig {
  /** What `--agent` takes. */
  name: string;
  label: string;
  /** The config file, given the environment (HOME, CLAUDE_CONFIG_DIR, CODEX_HOME…) and a path joiner. */
  file(env: Record<string, string | undefined>, home: string, join: (...p: string[]) => string): string;
  /** The directory whose existence means the agent is installed here (for install without --agent). */
  marker(env: Record<string, string | undefined>, home: string, join: (...p: string[]) => string): string;
  format: ConfigFormat;
}

const stdio = (l: Launch) => ('url' in l ? undefined : { command: l.command, args: l.args });

/** Agents whose MCP config we can write; the table is the only place that knows them. */
export const AGENTS: Record<string, AgentMcpConfig> = {
  claude: {
    name: 'claude', label: 'Claude Code',
    // Claude Code keeps user-scoped MCP servers in ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json), as `claude mcp add -s user` does.
    file: (env, home, join) => join(env.CLAUDE_CONFIG_DIR || home, '.claude.json'),
    marker: (env, home, join) => env.CLAUDE_CONFIG_DIR || join(home, '.claude'),
    format: jsonFormat('mcpServers', (l) => ('url' in l ? { type: 'http', url: l.url } : { type: 'stdio', ...stdio(l), env: {} })),
  },
  codex: {
    name: 'codex', label: 'Codex CLI',
    file: (env, home, join) => join(env.CODEX_HOME || join(home, '.codex'), 'config.toml'),
    marker: (env, home, join) => env.CODEX_HOME || join(home, '.codex'),
    format: tomlFormat,
  },
  cursor: {
    name: 'cursor', label: 'Cursor',
    file: (_env, home, join) => join(home, '.cursor', 'mcp.json'),
    marker: (_env, home, join) => join(home, '.cursor'),
    format: jsonFormat('mcpServers', (l) => ('url' in l ? { url: l.url } : { ...stdio(l) })),
  },
  gemini: {
    name: 'gemini', label: 'Gemini CLI',
    file: (_env, home, join) => join(home, '.gemini', 'settings.json'),
    marker: (_env, home, join) => join(home, '.gemini'),
    format: jsonFormat('mcpServers', (l) => ('url' in l ? { httpUrl: l.url } : { ...stdio(l) })),
  },
};
