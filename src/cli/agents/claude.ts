/**
 * Claude Code: reads ANTHROPIC_BASE_URL from its environment, and from `env` in ~/.claude/settings.json. Extra
 * request headers go in ANTHROPIC_CUSTOM_HEADERS, one `Name: value` per line (Claude Code settings docs).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getIn, type AgentDef } from './types.ts';

export const NAME = 'claude';

const claude: AgentDef = {
  name: NAME,
  title: 'Claude Code',
  bin: 'claude',
  envVars: ['ANTHROPIC_BASE_URL'],
  launch: ({ base, env, headers }) => {
    const lines = Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    // Headers the user already sends stay; ours are added after them.
    const custom = [env.ANTHROPIC_CUSTOM_HEADERS, ...lines].filter(Boolean).join('\n');
    return { env: { ANTHROPIC_BASE_URL: base, ...(lines.length ? { ANTHROPIC_CUSTOM_HEADERS: custom } : {}) }, args: [] };
  },
  persist: {
    // CLAUDE_CONFIG_DIR moves the whole ~/.claude folder (Claude Code settings docs).
    file: (env) => join(env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude'), 'settings.json'),
    format: 'json',
    edits: ({ base }) => [{ path: ['env', 'ANTHROPIC_BASE_URL'], value: () => base }],
    pointsAt: (c) => [getIn(c, ['env', 'ANTHROPIC_BASE_URL'])].filter((v): v is string => typeof v === 'string'),
  },
};

export default claude;
