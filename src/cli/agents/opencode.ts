/**
 * OpenCode: providers are AI SDK clients whose `options.baseURL` includes the version path. Per run the override goes
 * in OPENCODE_CONFIG_CONTENT (inline config merged over the user's files); durably in
 * $XDG_CONFIG_HOME/opencode/opencode.json.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getIn, v1, type AgentDef } from './types.ts';

export const NAME = 'opencode';
const PROVIDERS = ['anthropic', 'openai'] as const;

function configDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(xdg, 'opencode');
}

const opencode: AgentDef = {
  name: NAME,
  title: 'OpenCode',
  bin: 'opencode',
  envVars: ['OPENCODE_CONFIG_CONTENT'],
  launch: ({ base, env }) => {
    // Merge with an inline config the user already passes rather than replacing it.
    let inline: Record<string, unknown> = {};
    try {
      const parsed: unknown = env.OPENCODE_CONFIG_CONTENT ? JSON.parse(env.OPENCODE_CONFIG_CONTENT) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) inline = parsed as Record<string, unknown>;
    } catch {
      // not JSON: opencode would reject it anyway; ours replaces it
    }
    const provider = { ...(inline.provider as Record<string, unknown> | undefined) };
    for (const p of PROVIDERS) {
      const cur = (provider[p] ?? {}) as Record<string, unknown>;
      provider[p] = { ...cur, options: { ...(cur.options as Record<string, unknown> | undefined), baseURL: v1(base) } };
    }
    return { env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ ...inline, provider }) }, args: [] };
  },
  persist: {
    // opencode reads opencode.jsonc too; edit the one that exists (comments survive: the JSON editor keeps them).
    file: (env) => {
      const dir = configDir(env);
      return existsSync(join(dir, 'opencode.jsonc')) && !existsSync(join(dir, 'opencode.json')) ? join(dir, 'opencode.jsonc') : join(dir, 'opencode.json');
    },
    format: 'json',
    edits: ({ base }) => PROVIDERS.map((p) => ({ path: ['provider', p, 'options', 'baseURL'], value: () => v1(base) })),
    pointsAt: (c) => PROVIDERS.map((p) => getIn(c, ['provider', p, 'options', 'baseURL'])).filter((v): v is string => typeof v === 'string'),
  },
};

export default opencode;
