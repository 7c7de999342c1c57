/**
 * `headroom wrap --persist` / `headroom unwrap`: the agent's own config file is edited in place (comments and the
 * user's settings kept), wrapping twice changes nothing, unwrap restores the exact pre-wrap bytes, and an edit made
 * after wrap survives unwrap. A real proxy runs on the port so nothing detached is left behind.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from '@decimalturn/toml-patch';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { freePort, headroom, healthy, sandbox, type Sandbox } from './fixtures/wrap-harness.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/configs/${name}`, import.meta.url)), 'utf8');

let box: Sandbox;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let base: string;
beforeAll(async () => {
  proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent' });
  base = `http://127.0.0.1:${proxy.port}`;
});
afterAll(async () => { await proxy.close(); });
beforeEach(() => { box = sandbox(); });
afterEach(() => box.cleanup());

const wrap = (agent: string) => headroom(['wrap', agent, '--persist', '--port', String(proxy.port)], box.env);
const unwrap = (agent: string) => headroom(['unwrap', agent], box.env);

interface Case {
  agent: string;
  file: (b: Sandbox) => string;
  fixture?: string;
  /** What the wrapped file must say, parsed. */
  check: (text: string) => void;
}

const CASES: Case[] = [
  {
    agent: 'claude', file: (b) => join(b.env.CLAUDE_CONFIG_DIR!, 'settings.json'), fixture: 'claude-settings.json',
    check: (t) => expect(JSON.parse(t)).toMatchObject({ model: 'opus', env: { DISABLE_TELEMETRY: '1', ANTHROPIC_BASE_URL: base } }),
  },
  {
    agent: 'codex', file: (b) => join(b.env.CODEX_HOME!, 'config.toml'), fixture: 'codex-config.toml',
    check: (t) => {
      expect(t.startsWith('# My Codex setup\nmodel = "gpt-5-codex"   # the good one\n')).toBe(true);
      expect(parseToml(t)).toMatchObject({
        model: 'gpt-5-codex', model_provider: 'headroom', profiles: { fast: { model: 'o4-mini' } },
        model_providers: { headroom: { name: 'headroom', base_url: `${base}/v1`, wire_api: 'responses', env_key: 'OPENAI_API_KEY' } },
      });
    },
  },
  {
    agent: 'goose', file: (b) => join(b.env.XDG_CONFIG_HOME!, 'goose', 'config.yaml'), fixture: 'goose-config.yaml',
    check: (t) => {
      expect(t).toContain('# default model'); // yaml keeps comments (it may re-space them)
      expect(parseYaml(t)).toMatchObject({ GOOSE_PROVIDER: 'anthropic', ANTHROPIC_HOST: base, OPENAI_HOST: base });
    },
  },
  {
    agent: 'aider', file: (b) => join(b.home, '.aider.conf.yml'), fixture: 'aider.conf.yml',
    check: (t) => {
      expect(t).toContain('## aider settings');
      expect(parseYaml(t)).toMatchObject({ model: 'sonnet', 'openai-api-base': `${base}/v1`, 'set-env': ['AIDER_FOO=1', `ANTHROPIC_BASE_URL=${base}`] });
    },
  },
  {
    agent: 'opencode', file: (b) => join(b.env.XDG_CONFIG_HOME!, 'opencode', 'opencode.jsonc'), fixture: 'opencode.jsonc',
    check: (t) => {
      expect(t).toContain('// my theme');
      expect(t).toContain(`"baseURL": "${base}/v1"`);
      expect(t).toContain('"timeout": 600000');
    },
  },
];

describe.each(CASES)('$agent --persist', (c) => {
  it('edits the config in place, is idempotent, and unwrap restores the exact bytes', async () => {
    const file = c.file(box);
    mkdirSync(dirname(file), { recursive: true });
    const original = fixture(c.fixture!);
    writeFileSync(file, original);

    const r1 = await wrap(c.agent);
    expect(r1.code, r1.err).toBe(0);
    expect(r1.err).toContain(`pointed`);
    const wrapped = readFileSync(file, 'utf8');
    c.check(wrapped);

    const r2 = await wrap(c.agent);
    expect(r2.code, r2.err).toBe(0);
    expect(r2.err).toContain('already pointing');
    expect(readFileSync(file, 'utf8')).toBe(wrapped);

    const u = await unwrap(c.agent);
    expect(u.code, u.err).toBe(0);
    expect(u.err).toContain('exactly as it was');
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect((await unwrap(c.agent)).err).toContain('not wrapped');
  });
});

describe('persist edge cases', () => {
  it('creates a missing config, and unwrap removes it again', async () => {
    const file = join(box.env.CODEX_HOME!, 'config.toml');
    expect((await wrap('codex')).code).toBe(0);
    expect(parseToml(readFileSync(file, 'utf8'))).toMatchObject({ model_provider: 'headroom' });
    expect((await unwrap('codex')).code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('keeps edits the user made after wrap, removing only our keys (and the tables we created)', async () => {
    const file = join(box.env.CODEX_HOME!, 'config.toml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, fixture('codex-config.toml'));
    await wrap('codex');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n[profiles.slow]\nmodel = "o3"\n`);
    const u = await unwrap('codex');
    expect(u.code, u.err).toBe(0);
    expect(u.err).toContain('edited since wrap');
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# My Codex setup');
    const data = parseToml(after);
    expect(data.profiles).toMatchObject({ fast: { model: 'o4-mini' }, slow: { model: 'o3' } });
    expect(data.model_provider).toBeUndefined();
    expect(data.model_providers).toBeUndefined();
  });

  it('puts back a base URL the user had before wrap', async () => {
    const file = join(box.env.CLAUDE_CONFIG_DIR!, 'settings.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"env": {"ANTHROPIC_BASE_URL": "https://gateway.example"}}\n');
    await wrap('claude');
    expect(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_BASE_URL).toBe(base);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{', '{"theme": "dark", '));
    await unwrap('claude');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ theme: 'dark', env: { ANTHROPIC_BASE_URL: 'https://gateway.example' } });
  });

  it('starts a proxy that outlives wrap for the durable config, and unwrap stops it', async () => {
    const port = await freePort();
    const w = await headroom(['wrap', 'claude', '--persist', '--port', String(port)], box.env);
    expect(w.code, w.err).toBe(0);
    expect(w.err).toContain('started; it keeps running');
    expect(await healthy(port)).toBe(true);
    const u = await unwrap('claude');
    expect(u.code, u.err).toBe(0);
    expect(u.err).toContain(`stopped the proxy on port ${port}`);
    expect(await healthy(port)).toBe(false);
  });

  it('refuses --persist for agents without a config file, and a broken config', async () => {
    const r = await wrap('copilot');
    expect(r.code).toBe(1);
    expect(r.err).toContain('copilot has no config file headroom can edit');
    const file = join(box.env.CLAUDE_CONFIG_DIR!, 'settings.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"env": ');
    const b = await wrap('claude');
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/settings\.json is not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{"env": ');
  });
});
