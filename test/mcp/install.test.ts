/**
 * `headroom mcp install|uninstall` on agents' real config files in a temp HOME: the entry each agent expects,
 * byte-exact removal, a replaced entry restored; and the real Claude Code / Codex CLIs reading what we wrote.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAgent, IN_CI, run } from '../e2e/agents.ts';
import { BIN, sandbox } from './harness.ts';

let box: ReturnType<typeof sandbox>;
beforeEach(() => { box = sandbox(); });
afterEach(() => box.cleanup());

const headroom = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'mcp', ...args], { env: box.env, cwd: box.projectA, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const claudeFile = () => join(box.env.CLAUDE_CONFIG_DIR!, '.claude.json');
const codexFile = () => join(box.env.CODEX_HOME!, 'config.toml');

const CLAUDE_JSON = `{
  "numStartups": 3,
  "mcpServers": {
    "github": {
      "type": "stdio",
      "command": "gh-mcp",
      "args": [],
      "env": {}
    }
  },
  "projects": {}
}`;

const CODEX_TOML = `# my codex settings
model = "gpt-5-codex"   # the default

[mcp_servers.docs]
command = "docs-mcp"
args = ["--port", "0"]

[profiles.fast]
model_reasoning_effort = "low"
`;

describe('headroom mcp install / uninstall', () => {
  it('Claude Code: adds mcpServers.headroom as a stdio server and removes exactly that', () => {
    mkdirSync(box.env.CLAUDE_CONFIG_DIR!, { recursive: true });
    writeFileSync(claudeFile(), CLAUDE_JSON, { mode: 0o600 });
    const r = headroom('install', '--agent', 'claude');
    expect(r).toMatchObject({ code: 0, out: `Claude Code: headroom MCP server registered (${claudeFile()})\n` });
    const config = JSON.parse(readFileSync(claudeFile(), 'utf8'));
    expect(config.mcpServers.headroom).toEqual({ type: 'stdio', command: process.execPath, args: [BIN, 'mcp', 'serve'], env: {} });
    expect(config.mcpServers.github.command).toBe('gh-mcp');
    expect(statSync(claudeFile()).mode & 0o777).toBe(0o600);
    expect(headroom('install', '--agent', 'claude').out).toContain('already registered');
    expect(headroom('uninstall', '--agent', 'claude')).toMatchObject({ code: 0, out: expect.stringContaining('removed') });
    expect(readFileSync(claudeFile(), 'utf8')).toBe(CLAUDE_JSON);
    expect(headroom('uninstall', '--agent', 'claude').out).toContain('not registered; nothing to do');
  });

  it('Codex: appends [mcp_servers.headroom] to config.toml, comments intact, and cuts it out byte for byte', () => {
    mkdirSync(box.env.CODEX_HOME!, { recursive: true });
    writeFileSync(codexFile(), CODEX_TOML);
    expect(headroom('install', '--agent', 'codex').code).toBe(0);
    const text = readFileSync(codexFile(), 'utf8');
    expect(text).toBe(`${CODEX_TOML}\n[mcp_servers.headroom]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(BIN)}, "mcp", "serve"]\n`);
    headroom('uninstall', '--agent', 'codex');
    expect(readFileSync(codexFile(), 'utf8')).toBe(CODEX_TOML);
  });

  it('creates a missing config file and deletes it again; --url registers the proxy endpoint', () => {
    mkdirSync(join(box.home, '.cursor'));
    expect(headroom('install', '--agent', 'cursor,codex', '--url', 'http://127.0.0.1:8787/mcp').code).toBe(0);
    expect(JSON.parse(readFileSync(join(box.home, '.cursor', 'mcp.json'), 'utf8'))).toEqual({ mcpServers: { headroom: { url: 'http://127.0.0.1:8787/mcp' } } });
    expect(readFileSync(codexFile(), 'utf8')).toBe('[mcp_servers.headroom]\nurl = "http://127.0.0.1:8787/mcp"\n');
    expect(headroom('uninstall', '--agent', 'cursor,codex').code).toBe(0);
    expect(existsSync(join(box.home, '.cursor', 'mcp.json'))).toBe(false);
    expect(existsSync(codexFile())).toBe(false);
  });

  it('refuses to overwrite someone else\'s "headroom" entry without --force, and restores it on uninstall', () => {
    mkdirSync(box.env.CODEX_HOME!, { recursive: true });
    const theirs = '[mcp_servers.headroom]\ncommand = "old-headroom"\n';
    writeFileSync(codexFile(), theirs);
    const refused = headroom('install', '--agent', 'codex');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^headroom: .*already has an MCP server named "headroom".*--force/);
    expect(readFileSync(codexFile(), 'utf8')).toBe(theirs);
    expect(headroom('install', '--agent', 'codex', '--force').out).toContain('updated');
    expect(readFileSync(codexFile(), 'utf8')).toContain('mcp", "serve"]');
    expect(headroom('uninstall', '--agent', 'codex').out).toContain('previous entry is restored');
    expect(readFileSync(codexFile(), 'utf8')).toBe(theirs);
  });

  it('without --agent installs for the agents found here; an unknown agent is a clear error', () => {
    const none = headroom('install');
    expect(none).toMatchObject({ code: 1, err: expect.stringMatching(/^headroom: no supported agent found on this machine; pass --agent \(claude, codex, cursor, gemini\)/) });
    mkdirSync(box.env.CODEX_HOME!, { recursive: true });
    expect(headroom('install').out).toBe(`Codex CLI: headroom MCP server registered (${codexFile()})\n`);
    expect(headroom('install', '--agent', 'vim')).toMatchObject({ code: 1, err: 'headroom: unknown agent "vim" (supported: claude, codex, cursor, gemini)\n' });
    expect(headroom('install', '--bogus')).toMatchObject({ code: 1, err: 'headroom: unknown option --bogus\n' });
  });
});

describe('the real agent CLIs read the registration', () => {
  const claude = findAgent('claude');
  const codex = findAgent('codex');

  it.skipIf(!claude.bin && !IN_CI)('Claude Code: `claude mcp list` starts our server and reports it connected', async () => {
    if (!claude.bin) throw new Error(claude.missing);
    expect(headroom('install', '--agent', 'claude').code).toBe(0);
    const r = await run(claude.bin!, ['mcp', 'list'], { env: box.env, cwd: box.projectA, timeoutMs: 60_000 });
    expect(r.stdout).toMatch(/headroom: .*mcp serve - [✓✔] Connected/);
  }, 90_000);

  it.skipIf(!codex.bin && !IN_CI)('Codex: `codex mcp get headroom` shows the command we wrote', async () => {
    if (!codex.bin) throw new Error(codex.missing);
    expect(headroom('install', '--agent', 'codex').code).toBe(0);
    const r = await run(codex.bin!, ['mcp', 'get', 'headroom', '--json'], { env: box.env, cwd: box.projectA, timeoutMs: 60_000 });
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'headroom', transport: { type: 'stdio', command: process.execPath, args: [BIN, 'mcp', 'serve'] } });
  }, 90_000);
});
