/**
 * Writes and removes the headroom MCP server in agents' config files on this machine. What install changed is
 * recorded under the data dir (did the file / the servers table exist, which entry was replaced), so uninstall
 * puts the file back exactly: our entry gone, a replaced entry restored, a table or file we created removed.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../src/errors.ts';
import { AGENTS, type AgentMcpConfig, type Launch } from '../src/mcp/agent-config.ts';
import { dataDir } from './node-storage.ts';

interface InstallRecord {
  file: string;
  fileExisted: boolean;
  parentExisted: boolean;
  /** The entry that was under our name before `--force` replaced it. */
  previous?: Record<string, unknown>;
}

export type InstallOutcome = { agent: AgentMcpConfig; file: string; status: 'installed' | 'updated' | 'unchanged' | 'removed' | 'restored' | 'absent' };

export interface InstallEnv {
  env?: Record<string, string | undefined>;
  home?: string;
}

const recordsFile = (env: Record<string, string | undefined>) => join(dataDir(env as NodeJS.ProcessEnv), 'mcp-installs.json');

function readRecords(env: Record<string, string | undefined>): Record<string, InstallRecord> {
  try {
    return JSON.parse(readFileSync(recordsFile(env), 'utf8')) as Record<string, InstallRecord>;
  } catch {
    return {};
  }
}

function writeRecords(env: Record<string, string | undefined>, records: Record<string, InstallRecord>): void {
  const file = recordsFile(env);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(records, null, 2)}\n`);
}

/** Keeps the file's mode (agents' configs hold tokens and are often 0600); new files are created 0600. */
function writeConfig(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o600;
  writeFileSync(file, text, { mode });
}

const where = (agent: AgentMcpConfig, e: InstallEnv) => {
  const env = e.env ?? process.env;
  const home = e.home ?? env.HOME ?? homedir();
  return { env, home, file: agent.file(env, home, join) };
};

export function lookupAgent(name: string): AgentMcpConfig {
  const agent = AGENTS[name];
  if (!agent) throw new InvalidInputError(`unknown agent "${name}" (supported: ${Object.keys(AGENTS).join(', ')})`);
  return agent;
}

/** Agents that look installed here: their config file or directory exists. */
export function detectAgents(e: InstallEnv = {}): AgentMcpConfig[] {
  return Object.values(AGENTS).filter((a) => {
    const { env, home, file } = where(a, e);
    return existsSync(file) || existsSync(a.marker(env, home, join));
  });
}

export function installMcp(agent: AgentMcpConfig, launch: Launch, opts: InstallEnv & { force?: boolean } = {}): InstallOutcome {
  const { env, file } = where(agent, opts);
  const fileExisted = existsSync(file);
  const text = fileExisted ? readFileSync(file, 'utf8') : '';
  const value = agent.format.entry(launch);
  const current = agent.format.read(text);
  if (current && JSON.stringify(current) === JSON.stringify(value)) return { agent, file, status: 'unchanged' };
  const records = readRecords(env);
  const mine = records[agent.name]?.file === file;
  if (current && !mine && !opts.force) {
    throw new InvalidInputError(`${file} already has an MCP server named "headroom" (${JSON.stringify(current)}); pass --force to replace it (uninstall restores it)`);
  }
  writeConfig(file, agent.format.write(text, value));
  // Re-installing over our own entry (new path or URL) keeps the first record: it knows the original state.
  if (!mine) records[agent.name] = { file, fileExisted, parentExisted: agent.format.hasParent(text), ...(current ? { previous: current } : {}) };
  writeRecords(env, records);
  return { agent, file, status: current ? 'updated' : 'installed' };
}

export function uninstallMcp(agent: AgentMcpConfig, opts: InstallEnv = {}): InstallOutcome {
  const { env, file } = where(agent, opts);
  const records = readRecords(env);
  const record = records[agent.name]?.file === file ? records[agent.name] : undefined;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  let status: InstallOutcome['status'] = 'absent';
  if (agent.format.read(text)) {
    let next: string;
    if (record?.previous) {
      next = agent.format.write(text, record.previous);
      status = 'restored';
    } else {
      next = agent.format.remove(text, record ? !record.parentExisted : false);
      status = 'removed';
    }
    if (record && !record.fileExisted && /^\s*(\{\s*\})?\s*$/.test(next)) rmSync(file, { force: true });
    else writeConfig(file, next);
  }
  if (records[agent.name]) {
    delete records[agent.name];
    writeRecords(env, records);
  }
  return { agent, file, status };
}
