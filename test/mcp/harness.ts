/**
 * Shared by the MCP tests: a throwaway data dir and project, the real bin over stdio through the SDK's own Client,
 * and a real `headroom proxy` process on a free port for /mcp.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The bin under test; HEADROOM_TEST_BIN points at another build (e.g. one built to a private dir). */
export const BIN = resolve(process.env.HEADROOM_TEST_BIN ?? fileURLToPath(new URL('../../bin/headroom.mjs', import.meta.url)));

/** A temp root with HOME, the data dir and two git projects inside; `env` points every home-ish variable there. */
export function sandbox() {
  const root = mkdtempSync(join(tmpdir(), 'headroom-mcp-'));
  const home = join(root, 'home');
  const projectA = join(root, 'proj-a');
  const projectB = join(root, 'proj-b');
  for (const d of [home, join(projectA, '.git'), join(projectA, 'src'), join(projectB, '.git')]) mkdirSync(d, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, HEADROOM_HOME: join(root, 'data'),
    XDG_DATA_HOME: join(home, '.local/share'), XDG_CONFIG_HOME: join(home, '.config'),
    CODEX_HOME: join(home, '.codex'), CLAUDE_CONFIG_DIR: join(home, '.claude-config'),
  };
  return { root, home, projectA, projectB, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export async function stdioClient(env: Record<string, string>, cwd: string): Promise<Client> {
  const client = new Client({ name: 'headroom-test', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', 'serve'], env, cwd, stderr: 'pipe' }));
  return client;
}

export async function httpClient(base: string, project?: string): Promise<Client> {
  const client = new Client({ name: 'headroom-test', version: '0.0.0' });
  const headers: Record<string, string> = project ? { 'x-headroom-project': project } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers } }));
  return client;
}

/** The text parts of a tool result. */
export function texts(r: unknown): string[] {
  return ((r as CallToolResult).content ?? []).flatMap((c) => (c.type === 'text' ? [c.text] : []));
}

/** Starts the real proxy (`--port 0`) and resolves with its base URL once it prints where it listens. */
export function startProxy(env: Record<string, string>): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  return new Promise((res, reject) => {
    const child = spawn(process.execPath, [BIN, 'proxy', '--port', '0', '--log-level', 'error'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        const stop = () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        });
        res({ base: m[1]!, child, stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${err}`)));
  });
}
