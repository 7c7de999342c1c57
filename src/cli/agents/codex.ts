/**
 * Codex CLI: ignores OPENAI_BASE_URL, so it gets a custom model provider named `headroom` that speaks the Responses
 * API to the proxy — per run with `-c` overrides, durably in $CODEX_HOME/config.toml. Codex requires `name`, and
 * `env_key` says which variable holds the API key it sends (the proxy forwards it to OpenAI unchanged);
 * `http_headers` are extra headers it sends with every request to that provider.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getIn, v1, type AgentDef } from './types.ts';

export const NAME = 'codex';
const PROVIDER = 'headroom';

function provider(base: string) {
  return { name: PROVIDER, base_url: v1(base), wire_api: 'responses', env_key: 'OPENAI_API_KEY' };
}

/** A TOML inline table of strings (JSON string escapes are valid TOML basic-string escapes). */
const tomlTable = (o: Record<string, string>) => `{ ${Object.entries(o).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`).join(', ')} }`;

const codex: AgentDef = {
  name: NAME,
  title: 'Codex CLI',
  bin: 'codex',
  envVars: [],
  launch: ({ base, headers }) => ({
    env: {},
    // Root-level `-c` overrides apply to every subcommand (`codex exec …` included); values are TOML.
    args: [
      '-c', `model_provider=${JSON.stringify(PROVIDER)}`,
      ...Object.entries(provider(base)).flatMap(([k, v]) => ['-c', `model_providers.${PROVIDER}.${k}=${JSON.stringify(v)}`]),
      ...(headers && Object.keys(headers).length ? ['-c', `model_providers.${PROVIDER}.http_headers=${tomlTable(headers)}`] : []),
    ],
  }),
  persist: {
    file: (env) => join(env.CODEX_HOME || join(env.HOME || homedir(), '.codex'), 'config.toml'),
    format: 'toml',
    edits: ({ base }) => [
      { path: ['model_provider'], value: () => PROVIDER },
      { path: ['model_providers', PROVIDER], value: () => provider(base) },
    ],
    pointsAt: (c) => {
      const active = getIn(c, ['model_provider']);
      const url = typeof active === 'string' ? getIn(c, ['model_providers', active, 'base_url']) : undefined;
      return typeof url === 'string' ? [url] : [];
    },
  },
  instructions: ({ env }) => (env.OPENAI_API_KEY ? '' : 'note: Codex sends the key in OPENAI_API_KEY through headroom; it is not set in this shell'),
};

export default codex;
