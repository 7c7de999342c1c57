/**
 * `headroom wrap` with fake agents (test/cli/fixtures/fake-agent.mjs under each agent's name): how each agent is
 * pointed at the proxy, exit codes and signals passed through, proxy reuse vs start/stop. The real bin runs in a
 * sandbox HOME; proxies are real processes on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import {
  agentReady, exists, freePort, headroom, healthy, readRecord, sandbox, start, type Sandbox,
} from './fixtures/wrap-harness.ts';

let box: Sandbox;
beforeEach(() => { box = sandbox(); });
afterEach(() => box.cleanup());

describe('wrap: errors', () => {
  it('names the supported agents for an unknown one, in one line', async () => {
    const r = await headroom(['wrap', 'vim'], box.env);
    expect(r.code).toBe(1);
    expect(r.err).toBe('headroom: unknown agent "vim" (supported: claude, codex, aider, opencode, goose, copilot, cursor, cline, continue)\n');
  });

  it('says so when the agent is not installed, before starting anything', async () => {
    const r = await headroom(['wrap', 'claude', '--port', String(await freePort())], { ...box.env, PATH: '/usr/bin:/bin' });
    expect(r.code).toBe(1);
    expect(r.err).toBe('headroom: claude not found on PATH: install Claude Code or add it to PATH\n');
  });

  it('refuses a port held by something that is not a headroom proxy', async () => {
    const other: Server = createServer((_, res) => { res.statusCode = 404; res.end('nope'); });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as { port: number }).port;
    try {
      const r = await headroom(['wrap', 'claude', '--port', String(port)], box.env);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/port \d+ is in use by something that is not a headroom proxy/);
      expect(exists(box.record)).toBe(false);
    } finally {
      other.close();
    }
  });
});

describe('wrap: with a proxy already running', () => {
  let proxy: Awaited<ReturnType<typeof serveNode>>;
  let port: number;
  let base: string;
  beforeAll(async () => {
    proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent' });
    port = proxy.port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => { await proxy.close(); });

  const wrap = (agent: string, extra: string[] = [], env: Record<string, string> = {}) =>
    headroom(['wrap', agent, '--port', String(port), ...extra], { ...box.env, ...env });

  it('claude: ANTHROPIC_BASE_URL, arguments after -- passed through untouched (even --help), proxy reused', async () => {
    const r = await wrap('claude', ['--', '-p', 'hello world', '--help'], { FAKE_AGENT_FETCH: '' });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('reusing headroom');
    const rec = readRecord(box.record);
    expect(rec.name).toBe('claude');
    expect(rec.argv).toEqual(['-p', 'hello world', '--help']);
    expect(rec.env.ANTHROPIC_BASE_URL).toBe(base);
    expect(rec.env.HOME).toBe(box.home);
    expect(await healthy(port)).toBe(true);
  });

  it('the agent reaches the proxy it was pointed at', async () => {
    const r = await wrap('claude', [], { FAKE_AGENT_FETCH: base });
    expect(r.code, r.err).toBe(0);
    expect(readRecord(box.record).health).toMatchObject({ ok: true });
  });

  it('codex: a custom Responses provider via root -c overrides, before the user arguments', async () => {
    const r = await wrap('codex', ['--', 'exec', '--skip-git-repo-check', 'do it']);
    expect(r.code, r.err).toBe(0);
    const rec = readRecord(box.record);
    expect(rec.argv).toEqual([
      '-c', 'model_provider="headroom"',
      '-c', 'model_providers.headroom.name="headroom"',
      '-c', `model_providers.headroom.base_url="${base}/v1"`,
      '-c', 'model_providers.headroom.wire_api="responses"',
      '-c', 'model_providers.headroom.env_key="OPENAI_API_KEY"',
      'exec', '--skip-git-repo-check', 'do it',
    ]);
    expect(rec.env.OPENAI_BASE_URL).toBeUndefined();
  });

  it('aider: --openai-api-base and ANTHROPIC_BASE_URL', async () => {
    const r = await wrap('aider', ['--', '--model', 'sonnet']);
    expect(r.code, r.err).toBe(0);
    const rec = readRecord(box.record);
    expect(rec.argv).toEqual(['--openai-api-base', `${base}/v1`, '--model', 'sonnet']);
    expect(rec.env.ANTHROPIC_BASE_URL).toBe(base);
  });

  it('opencode: provider baseURLs in OPENCODE_CONFIG_CONTENT, merged with an inline config the user had', async () => {
    const r = await wrap('opencode', [], { OPENCODE_CONFIG_CONTENT: JSON.stringify({ theme: 'nord', provider: { anthropic: { options: { timeout: 5 } } } }) });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readRecord(box.record).env.OPENCODE_CONFIG_CONTENT!)).toEqual({
      theme: 'nord',
      provider: { anthropic: { options: { timeout: 5, baseURL: `${base}/v1` } }, openai: { options: { baseURL: `${base}/v1` } } },
    });
  });

  it('goose: ANTHROPIC_HOST and OPENAI_HOST', async () => {
    expect((await wrap('goose')).code).toBe(0);
    expect(readRecord(box.record).env).toMatchObject({ ANTHROPIC_HOST: base, OPENAI_HOST: base });
  });

  it('copilot: COPILOT_PROVIDER_BASE_URL (with /v1 for the default openai type, without for anthropic)', async () => {
    expect((await wrap('copilot')).code).toBe(0);
    expect(readRecord(box.record).env.COPILOT_PROVIDER_BASE_URL).toBe(`${base}/v1`);
    expect((await wrap('copilot', [], { COPILOT_PROVIDER_TYPE: 'anthropic' })).code).toBe(0);
    expect(readRecord(box.record).env.COPILOT_PROVIDER_BASE_URL).toBe(base);
  });

  it('GUI agents get the settings to paste and are not launched', async () => {
    const r = await wrap('cursor');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Override OpenAI Base URL:  ${base}/v1`);
    expect(exists(box.record)).toBe(false);
    const u = await headroom(['unwrap', 'cursor'], box.env);
    expect(u.code, u.err).toBe(0);
    expect(u.out).toContain('Remove these settings from Cursor');
    expect(await healthy(port)).toBe(true); // not ours: never stopped
  });

  it("passes the agent's exit code through", async () => {
    const r = await wrap('claude', [], { FAKE_AGENT_EXIT: '7' });
    expect(r.code).toBe(7);
  });

  it.each([['SIGTERM', 55], ['SIGINT', 42], ['SIGHUP', 41]] as const)('forwards %s to the agent and exits with its code', async (sig, code) => {
    const run = start(['wrap', 'claude', '--port', String(port)], { ...box.env, FAKE_AGENT_WAIT: '1' });
    await agentReady(run, `${box.record}.ready`);
    process.kill(run.pid, sig);
    const r = await run.done;
    expect(r.code, r.err).toBe(code);
    expect(readRecordSignals()).toEqual([sig]);
  });

  it('ends the way the agent ended when a signal killed it', async () => {
    const run = start(['wrap', 'claude', '--port', String(port)], { ...box.env, FAKE_AGENT_WAIT: '1', FAKE_AGENT_DIE: 'SIGTERM' });
    await agentReady(run, `${box.record}.ready`);
    process.kill(run.pid, 'SIGTERM');
    const r = await run.done;
    expect(r.signal).toBe('SIGTERM');
  });
});

function readRecordSignals(): string[] {
  return readFileSync(`${box.record}.signals`, 'utf8').trim().split('\n');
}

describe('wrap: starting and stopping the proxy', () => {
  it('starts one when none runs, and stops it when the agent exits', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const r = await headroom(['wrap', 'claude', '--port', String(port)], { ...box.env, FAKE_AGENT_FETCH: base });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('started the proxy');
    expect(readRecord(box.record).health).toMatchObject({ ok: true });
    expect(await healthy(port)).toBe(false);
  });

  it('never starts a second: a concurrent wrap reuses it, and it stops only after the last agent exits', async () => {
    const port = await freePort();
    const first = start(['wrap', 'claude', '--port', String(port)], { ...box.env, FAKE_AGENT_WAIT: '1' });
    await agentReady(first, `${box.record}.ready`);
    const record2 = `${box.record}-2`;
    const second = start(['wrap', 'codex', '--port', String(port)], { ...box.env, FAKE_AGENT_WAIT: '1', FAKE_AGENT_RECORD: record2 });
    await agentReady(second, `${record2}.ready`);
    process.kill(first.pid, 'SIGTERM');
    const r1 = await first.done;
    expect(r1.err).toContain('started the proxy');
    expect(await healthy(port)).toBe(true); // the second agent still uses it
    process.kill(second.pid, 'SIGTERM');
    const r2 = await second.done;
    expect(r2.err).toContain('reusing headroom');
    expect(r2.err).not.toContain('started the proxy');
    expect(await healthy(port)).toBe(false);
  });

  it('--memory starts the proxy with the memory tools on (`proxy --memory`)', async () => {
    const port = await freePort();
    const run = start(['wrap', 'claude', '--memory', '--port', String(port)], { ...box.env, FAKE_AGENT_WAIT: '1' });
    await agentReady(run, `${box.record}.ready`);
    const { pid } = JSON.parse(readFileSync(join(box.env.HEADROOM_HOME!, 'run', `proxy-${port}.json`), 'utf8')) as { pid: number };
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--memory');
    process.kill(run.pid, 'SIGTERM');
    await run.done;
  });
});
