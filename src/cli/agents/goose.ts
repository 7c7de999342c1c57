/**
 * goose: its Anthropic and OpenAI providers read ANTHROPIC_HOST / OPENAI_HOST (host only; goose adds the API path),
 * from the environment or the same keys at the top of ~/.config/goose/config.yaml.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getIn, type AgentDef } from './types.ts';

export const NAME = 'goose';
const KEYS = ['ANTHROPIC_HOST', 'OPENAI_HOST'] as const;

const goose: AgentDef = {
  name: NAME,
  title: 'goose',
  bin: 'goose',
  envVars: [...KEYS],
  launch: ({ base }) => ({ env: Object.fromEntries(KEYS.map((k) => [k, base])), args: [] }),
  persist: {
    file: (env) => join(env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config'), 'goose', 'config.yaml'),
    format: 'yaml',
    edits: ({ base }) => KEYS.map((k) => ({ path: [k], value: () => base })),
    pointsAt: (c) => KEYS.map((k) => getIn(c, [k])).filter((v): v is string => typeof v === 'string'),
  },
};

export default goose;
