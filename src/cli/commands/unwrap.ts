/**
 * `headroom unwrap <agent>`: undo `wrap --persist` — the agent's config file gets its pre-wrap bytes back (or only
 * our keys removed when it was edited since) — and stop the proxy wrap kept for it once no wrapped agent needs it.
 */
import { defineCommand } from 'citty';
import { listWrapped, persistUnwrap, unmarkGui } from '../agents/persist.ts';
import { AGENT_NAMES } from '../agents/registry.ts';
import { rejectUnknownFlags } from '../args.ts';
import { guard } from '../errors.ts';
import { releasePersistent } from '../proxy-process.ts';
import { agentOrThrow } from './wrap.ts';

const args = {
  agent: { type: 'positional', required: false, description: `Agent to unwrap: ${AGENT_NAMES.join(', ')}` },
} as const;

const say = (line: string) => process.stderr.write(`headroom: ${line}\n`);

function portOf(base: string): number | undefined {
  try {
    return Number(new URL(base).port) || undefined;
  } catch {
    return undefined;
  }
}

export default defineCommand({
  meta: { name: 'unwrap', description: "Restore an agent's config from before `headroom wrap --persist`" },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const agent = agentOrThrow(a.agent);
      const entry = listWrapped().find((w) => w.agent === agent.name);
      const result = agent.persist ? persistUnwrap(agent) : undefined;
      const wasGui = unmarkGui(agent.name);
      if (result?.how === 'exact') say(`restored ${result.file} exactly as it was before wrap`);
      if (result?.how === 'keys') {
        say(`removed headroom's settings from ${result.file} (it was edited since wrap, so your other changes stay)`);
        if (result.kept.length > 0) say(`left ${result.kept.join(', ')} as you changed ${result.kept.length > 1 ? 'them' : 'it'} after wrap`);
      }
      if (result?.how === 'gone') say(`${result.file} no longer exists; nothing to restore`);
      if (wasGui && agent.instructions && entry) {
        process.stdout.write(`Remove these settings from ${agent.title} (they point at a proxy that may stop now):\n${agent.instructions({ base: entry.base, env: process.env })}\n`);
      }
      if (!result && !wasGui) {
        say(`${agent.name} is not wrapped (no durable config recorded); nothing to do`);
        return;
      }
      const port = entry ? portOf(entry.base) : undefined;
      if (port && !listWrapped().some((w) => portOf(w.base) === port)) {
        if (await releasePersistent(port)) say(`stopped the proxy on port ${port} (no wrapped agent uses it any more)`);
      }
    }),
});
