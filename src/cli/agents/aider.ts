/**
 * Aider: OpenAI models take `--openai-api-base`; Anthropic models go through litellm, which reads ANTHROPIC_BASE_URL.
 * Durably: `openai-api-base` and a `set-env` entry in ~/.aider.conf.yml (aider's YAML config, keys = long flags).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getIn, v1, type AgentDef } from './types.ts';

export const NAME = 'aider';
const ENTRY = 'ANTHROPIC_BASE_URL=';

const isOurs = (e: unknown) => typeof e === 'string' && e.startsWith(ENTRY);

const aider: AgentDef = {
  name: NAME,
  title: 'Aider',
  bin: 'aider',
  envVars: ['ANTHROPIC_BASE_URL', 'OPENAI_API_BASE'],
  launch: ({ base }) => ({ env: { ANTHROPIC_BASE_URL: base }, args: ['--openai-api-base', v1(base)] }),
  persist: {
    file: (env) => join(env.HOME || homedir(), '.aider.conf.yml'),
    format: 'yaml',
    edits: ({ base }) => [
      { path: ['openai-api-base'], value: () => v1(base) },
      {
        // A list shared with the user's own entries: replace only ours, put back only what we added.
        path: ['set-env'],
        value: (prev) => [...(Array.isArray(prev) ? prev.filter((e) => !isOurs(e)) : prev === undefined ? [] : [prev]), `${ENTRY}${base}`],
        revert: (current, prev) => {
          const kept = Array.isArray(current) ? current.filter((e) => !isOurs(e)) : current;
          const before = Array.isArray(prev) ? prev.filter(isOurs) : [];
          const out = Array.isArray(kept) ? [...kept, ...before] : kept;
          return Array.isArray(out) && out.length === 0 && prev === undefined ? undefined : out;
        },
      },
    ],
    pointsAt: (c) => {
      const env = getIn(c, ['set-env']);
      const anthropic = (Array.isArray(env) ? env : [env]).filter(isOurs).map((e) => (e as string).slice(ENTRY.length));
      const openai = getIn(c, ['openai-api-base']);
      return [...(typeof openai === 'string' ? [openai] : []), ...anthropic];
    },
  },
};

export default aider;
