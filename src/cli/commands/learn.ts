/**
 * `headroom learn`: reads Claude Code / Codex session logs on this machine, finds failed tool calls and what fixed
 * them, and writes the lessons as rules into a marker-delimited block of CLAUDE.local.md / CLAUDE.md / AGENTS.md.
 * Dry run by default (prints a unified diff); `--apply` writes.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { defineCommand } from 'citty';
import { createTwoFilesPatch } from 'diff';
import { parseClaudeSession } from '../../learn/claude.ts';
import { parseCodexSession } from '../../learn/codex.ts';
import { renderBlock, updateBlock } from '../../learn/block.ts';
import { learn } from '../../learn/learn.ts';
import type { AgentName, Session } from '../../learn/types.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';

const AGENTS: readonly AgentName[] = ['claude', 'codex'];

const args = {
  agent: { type: 'string', description: 'Read only this agent\'s logs (claude | codex); default both' },
  project: { type: 'string', description: 'Project directory whose sessions to learn from (default: the current directory)' },
  apply: { type: 'boolean', default: false, description: 'Write the target file (default: print the diff only)' },
  target: { type: 'string', description: 'File to update, relative to the project (default: AGENTS.md for --agent codex, else CLAUDE.local.md)' },
} as const;

function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** Claude Code names a project's log folder after its path with every non-alphanumeric character turned into `-`. */
const claudeFolder = (path: string) => path.replace(/[^A-Za-z0-9]/g, '-');

const inside = (cwd: string | undefined, project: string) => cwd !== undefined && (cwd === project || cwd.startsWith(`${project}/`));

function readSessions(agent: AgentName, project: string, env: NodeJS.ProcessEnv): Session[] {
  if (agent === 'claude') {
    const root = join(env.CLAUDE_CONFIG_DIR ?? join(homedir(), '.claude'), 'projects');
    const prefix = claudeFolder(project);
    const folders = existsSync(root) ? readdirSync(root).filter((d) => d.startsWith(prefix)).sort() : [];
    return folders.flatMap((d) => jsonlFiles(join(root, d)))
      .map((f) => parseClaudeSession(readFileSync(f, 'utf8'), f))
      // The folder name is lossy (`a-b` and `a/b` collide), so the recorded cwd decides.
      .filter((s) => s.cwd === undefined || inside(s.cwd, project));
  }
  const root = join(env.CODEX_HOME ?? join(homedir(), '.codex'), 'sessions');
  return jsonlFiles(root).map((f) => parseCodexSession(readFileSync(f, 'utf8'), f)).filter((s) => inside(s.cwd, project));
}

export default defineCommand({
  meta: { name: 'learn', description: 'Learn rules for CLAUDE.md / AGENTS.md from failed-then-fixed tool calls in local agent sessions' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      if (a.agent !== undefined && !AGENTS.includes(a.agent as AgentName)) {
        throw new CliError(`unknown agent "${a.agent}" (expected one of ${AGENTS.join(', ')})`);
      }
      const dir = resolve(a.project ?? process.cwd());
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`project directory not found: ${dir}`);
      // Agents record the real path (symlinks resolved), so compare against that.
      const project = realpathSync(dir);
      const agents = a.agent ? [a.agent as AgentName] : AGENTS;
      const sessions = agents.flatMap((agent) => readSessions(agent, project, process.env));
      const result = learn(sessions);
      const summary = `${sessions.length} session${sessions.length === 1 ? '' : 's'}, ${result.calls} tool calls, ${result.failures} failed, ${result.fixes.length} fixed later → ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'}`;
      if (result.rules.length === 0) {
        process.stderr.write(`headroom learn: ${summary}; nothing to write\n`);
        return;
      }
      const target = resolve(project, a.target ?? (a.agent === 'codex' ? 'AGENTS.md' : 'CLAUDE.local.md'));
      const name = relative(project, target) || target;
      const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
      const next = updateBlock(current, renderBlock(result.rules));
      if (next === current) {
        process.stderr.write(`headroom learn: ${summary}; ${name} is up to date\n`);
        return;
      }
      if (!a.apply) {
        process.stdout.write(createTwoFilesPatch(`a/${name}`, `b/${name}`, current, next));
        process.stderr.write(`headroom learn: ${summary}; dry run, run again with --apply to write ${name}\n`);
        return;
      }
      writeFileSync(target, next);
      process.stderr.write(`headroom learn: ${summary}; wrote ${name}\n`);
    }),
});
