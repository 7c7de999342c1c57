/**
 * `headroom mcp serve|install|uninstall`: the MCP server over stdio (for any MCP client), and registering it in
 * agents' own MCP config (Claude Code, Codex CLI, Cursor, Gemini CLI).
 */
import { realpathSync } from 'node:fs';
import { defineCommand, type CommandDef } from 'citty';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createFsStorage } from '../../../runtimes/node-storage.ts';
import { detectAgents, installMcp, lookupAgent, uninstallMcp, type InstallOutcome } from '../../../runtimes/node-mcp-install.ts';
import { projectRoot } from '../../../runtimes/node-project.ts';
import { AGENTS, type AgentMcpConfig, type Launch } from '../../mcp/agent-config.ts';
import { createMcpServer } from '../../mcp/server.ts';
import { createMemory } from '../../memory/memory.ts';
import { createStatsLedger } from '../../proxy/stats.ts';
import { createStore } from '../../store/store.ts';
import pkg from '../../../package.json' with { type: 'json' };
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';

const serveArgs = {
  project: { type: 'string', description: 'Project directory for memory notes (default: the git root of the working directory)' },
} as const;

const serve = defineCommand({
  meta: { name: 'serve', description: 'Run the headroom MCP server on stdin/stdout' },
  args: serveArgs,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, serveArgs);
      // The same fs storage as `headroom proxy`: originals, the stats ledger and memory notes are shared.
      const storage = createFsStorage();
      const server = createMcpServer({
        store: createStore(storage), memory: createMemory(storage), context: { project: projectRoot(a.project) },
        totals: () => createStatsLedger(storage, Date.now).totals(), version: pkg.version,
      });
      await server.connect(new StdioServerTransport());
      // The client closing our stdin is the end of the session (MCP stdio transport).
      process.stdin.once('end', () => void server.close().finally(() => process.exit(0)));
    }),
});

const installArgs = {
  agent: { type: 'string', alias: 'a', description: `${Object.keys(AGENTS).join(', ')} (default: every one found on this machine)` },
  url: { type: 'string', description: 'Register the running proxy\'s streamable HTTP endpoint (e.g. http://127.0.0.1:8787/mcp) instead of a stdio command' },
  force: { type: 'boolean', default: false, description: 'Replace an existing "headroom" MCP server entry (uninstall restores it)' },
} as const;

function targets(agent: string | undefined): AgentMcpConfig[] {
  if (agent !== undefined) return agent.split(',').map((n) => lookupAgent(n.trim()));
  const found = detectAgents();
  if (found.length === 0) throw new CliError(`no supported agent found on this machine; pass --agent (${Object.keys(AGENTS).join(', ')})`);
  return found;
}

/** The command an agent runs: this Node and this install's launcher, so it works without `headroom` on PATH. */
function stdioLaunch(): Launch {
  const bin = process.argv[1];
  if (!bin) throw new CliError('cannot tell where headroom is installed; pass --url to register the proxy instead');
  return { command: process.execPath, args: [realpathSync(bin), 'mcp', 'serve'] };
}

function urlLaunch(url: string): Launch {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliError(`--url must be an http(s) URL, got "${url}"`);
  }
  return { url };
}

const said = (o: InstallOutcome) => {
  const what = { installed: 'registered', updated: 'updated', unchanged: 'already registered', removed: 'removed', restored: 'removed; the previous entry is restored', absent: 'not registered; nothing to do' }[o.status];
  return `${o.agent.label}: headroom MCP server ${what} (${o.file})\n`;
};

const install = defineCommand({
  meta: { name: 'install', description: 'Register the headroom MCP server in agents\' MCP config' },
  args: installArgs,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, installArgs);
      const launch = a.url !== undefined ? urlLaunch(a.url) : stdioLaunch();
      for (const agent of targets(a.agent)) process.stdout.write(said(installMcp(agent, launch, { force: a.force })));
    }),
});

const uninstallArgs = {
  agent: { type: 'string', alias: 'a', description: `${Object.keys(AGENTS).join(', ')} (default: every one found on this machine)` },
} as const;

const uninstall = defineCommand({
  meta: { name: 'uninstall', description: 'Remove the headroom MCP server from agents\' MCP config, exactly as install added it' },
  args: uninstallArgs,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, uninstallArgs);
      for (const agent of targets(a.agent)) process.stdout.write(said(uninstallMcp(agent)));
    }),
});

export default defineCommand({
  meta: { name: 'mcp', description: 'MCP server: compress / retrieve / stats and shared memory tools for any MCP client' },
  subCommands: { serve, install, uninstall } as Record<string, CommandDef>,
});
