/**
 * `headroom wrap <agent> [-- agent args…]`: start the proxy (or reuse the one on the port), launch the agent pointed
 * at it, pass its exit status back, and stop a proxy we started when the agent exits. `--persist` instead writes the
 * agent's own config file (undone exactly by `headroom unwrap`) and keeps the proxy running for it.
 */
import { defineCommand } from 'citty';
import { exitLike, findOnPath, runAgent } from '../agents/launch.ts';
import { markGui, persistWrap } from '../agents/persist.ts';
import { AGENT_NAMES, findAgentDef } from '../agents/registry.ts';
import type { AgentDef } from '../agents/types.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { baseFor, ensureProxy } from '../proxy-process.ts';
import { projectRoot } from '../../../runtimes/node-project.ts';
import { PROJECT_HEADER } from '../../mcp/http.ts';

const args = {
  agent: { type: 'positional', required: false, description: `Agent to wrap: ${AGENT_NAMES.join(', ')}` },
  port: { type: 'string', default: '8787', description: 'Port of the proxy to reuse or start (127.0.0.1)' },
  persist: { type: 'boolean', default: false, description: "Write the agent's own config file instead of launching it (undo: headroom unwrap)" },
  memory: { type: 'boolean', default: false, description: 'Start the proxy with the shared memory tools offered to the model' },
  'anthropic-upstream': { type: 'string', description: 'For a proxy we start: Anthropic API base URL' },
  'openai-upstream': { type: 'string', description: 'For a proxy we start: OpenAI API base URL' },
} as const;

export function agentOrThrow(name: string | undefined): AgentDef {
  const agent = name ? findAgentDef(name) : undefined;
  if (!agent) throw new CliError(`${name ? `unknown agent "${name}"` : 'which agent?'} (supported: ${AGENT_NAMES.join(', ')})`);
  return agent;
}

export function portOrThrow(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--port must be 1-65535, got "${raw}"`);
  return port;
}

/** What follows `--` on the command line (main.ts keeps it away from citty, which would act on an agent's --help). */
function agentArgs(positionals: readonly string[]): string[] {
  const argv = process.argv;
  const dash = argv.indexOf('--');
  return [...positionals.slice(1), ...(dash >= 0 ? argv.slice(dash + 1) : [])];
}

const say = (line: string) => process.stderr.write(`headroom: ${line}\n`);

export default defineCommand({
  meta: { name: 'wrap', description: 'Run a coding agent through headroom (claude, codex, aider, opencode, goose, copilot, cursor, cline, continue)' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const agent = agentOrThrow(a.agent);
      const port = portOrThrow(a.port);
      const passthrough = agentArgs(a._ ?? []);
      const upstreams = {
        ...(a['anthropic-upstream'] ? { anthropic: a['anthropic-upstream'] } : {}),
        ...(a['openai-upstream'] ? { openai: a['openai-upstream'] } : {}),
      };
      const ctx = { base: baseFor(port), env: process.env };
      // The memory tools file notes under the project the agent runs in: the same git root for every agent here.
      const launchCtx = a.memory ? { ...ctx, headers: { [PROJECT_HEADER]: projectRoot() } } : ctx;
      const gui = !agent.bin;
      const reusedNote = (started: boolean) => {
        // /health does not say how a running proxy was configured: --memory and upstreams only shape one we start.
        if (!started && (a.memory || upstreams.anthropic || upstreams.openai)) say('note: a proxy was already running, so --memory / --*-upstream did not apply to it');
      };

      if (a.persist || gui) {
        if (passthrough.length > 0) throw new CliError(`${gui ? `${agent.title} is a GUI app` : '--persist configures the agent'} and does not launch it; run it yourself without arguments here`);
        // Config first (it validates the file), then the proxy it points at, so we never leave one without the other.
        const wrote = a.persist ? persistWrap(agent, ctx) : undefined;
        const proxy = await ensureProxy({ port, mode: 'persistent', upstreams, memory: a.memory });
        if (gui) markGui(agent.name, ctx.base);
        reusedNote(proxy.started);
        say(`proxy at ${proxy.base} (${proxy.started ? 'started; it keeps running' : `reusing headroom ${proxy.health.version ?? ''}`.trim()})`);
        if (wrote) {
          say(`${wrote.changed ? 'pointed' : 'already pointing'} ${agent.title} at it in ${wrote.file}${wrote.backup ? ` (backup: ${wrote.backup})` : ''}`);
        }
        const note = agent.instructions?.(ctx);
        if (note) process.stdout.write(`${note}\n`);
        say(`undo with \`headroom unwrap ${agent.name}\``);
        return;
      }

      const bin = findOnPath(agent.bin!, process.env);
      if (!bin) throw new CliError(`${agent.bin} not found on PATH: install ${agent.title} or add it to PATH`);
      const proxy = await ensureProxy({ port, mode: 'session', upstreams, memory: a.memory });
      reusedNote(proxy.started);
      let exit;
      try {
        const plan = agent.launch!(launchCtx);
        const note = agent.instructions?.(ctx);
        if (note) say(note.replace(/^note: /, ''));
        say(`${agent.title} → ${proxy.base} (${proxy.started ? 'started the proxy; it stops when the agent exits' : `reusing headroom ${proxy.health.version ?? ''} already running`})`);
        exit = await runAgent(bin, [...plan.args, ...passthrough], { ...process.env, ...plan.env });
      } finally {
        await proxy.release();
      }
      exitLike(exit);
    }),
});
