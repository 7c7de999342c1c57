/**
 * Cross-agent memory with the real CLIs: `headroom wrap claude --memory` and `headroom wrap codex --memory`, run one
 * after the other in the same git checkout, each starting its own proxy on the same data dir. The scripted model
 * saves a note from Claude Code (memory_save) and searches for it from Codex (memory_search); the gateway answers
 * both, so the tool result in Codex's continuation request carries the note Claude Code saved. Each wrap sends
 * `x-headroom-project: <git root>`: the note is a project note, and only a client naming the same project finds it.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS_DIR, IN_CI, findAgent, run, tempDir } from './agents.ts';
import { arr, isObj, responsesTools, startAgentUpstream, type AgentUpstream, type Json } from './agent-upstream.ts';
import { bodyOf, toolText } from './stack.ts';

const BIN = process.env.HEADROOM_TEST_BIN ?? fileURLToPath(new URL('../../bin/headroom.mjs', import.meta.url));
const PATH = `${join(AGENTS_DIR, 'node_modules', '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
const NOTE = 'In this repo run the tests with `make check TEST_DB=sqlite`; plain npm test needs Postgres.';
const SAVE_ID = 'toolu_mem_save';
const SEARCH_ID = 'call_mem_search';
const CLAUDE_DONE = 'E2E-MEMORY: noted how to run the tests.';
const CODEX_DONE = 'E2E-MEMORY: use make check TEST_DB=sqlite.';

const answered = (body: Json, id: string) =>
  arr(body.messages).some((m) => isObj(m) && arr(m.content).some((b) => isObj(b) && b.type === 'tool_result' && b.tool_use_id === id)) ||
  arr(body.input).some((i) => isObj(i) && i.type === 'function_call_output' && i.call_id === id);

let upstream: AgentUpstream;
let home: ReturnType<typeof tempDir>;
let project: string;

beforeAll(async () => {
  upstream = await startAgentUpstream({
    command: 'true', finalAnswer: 'unused',
    // The main conversation (it offers the agent's shell tool) uses memory; side requests get the default answers.
    anthropic: (body) => {
      const tools = arr(body.tools).filter(isObj);
      if (!tools.some((t) => t.name === 'Bash') || !tools.some((t) => t.name === 'memory_save')) return undefined;
      if (answered(body, SAVE_ID)) return [{ type: 'text', text: CLAUDE_DONE }];
      return [{ type: 'tool_use', id: SAVE_ID, name: 'memory_save', input: { text: NOTE, tags: ['testing'] } }];
    },
    responses: (body) => {
      if (!responsesTools(body).some((t) => t.type === 'function' && t.name === 'memory_search')) return undefined;
      if (answered(body, SEARCH_ID)) return [{ type: 'message', text: CODEX_DONE }];
      return [{ type: 'function_call', call_id: SEARCH_ID, name: 'memory_search', arguments: JSON.stringify({ query: 'how do I run the tests' }) }];
    },
  });
  home = tempDir('headroom-e2e-memory-');
  // A git checkout (a `.git` folder is what marks the root), entered through a subfolder as agents often are.
  mkdirSync(join(home.dir, 'repo', '.git'), { recursive: true });
  mkdirSync(join(home.dir, 'repo', 'src'));
  project = realpathSync(join(home.dir, 'repo'));
}, 30_000);
afterAll(async () => {
  await upstream?.close();
  home?.cleanup();
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const env = () => ({ PATH, HOME: home.dir, HEADROOM_HOME: join(home.dir, 'headroom') });
const upstreamFlags = () => ['--anthropic-upstream', upstream.url, '--openai-upstream', upstream.url];

/** The text of the gateway's answer to our call, as the continuation request carried it upstream. */
function resultText(id: string): string | undefined {
  for (const ex of upstream.exchanges.filter((e) => e.method === 'POST')) {
    const body = bodyOf(ex);
    for (const m of arr(body.messages)) {
      for (const b of isObj(m) ? arr(m.content) : []) if (isObj(b) && b.type === 'tool_result' && b.tool_use_id === id) return toolText(b.content);
    }
    for (const i of arr(body.input)) if (isObj(i) && i.type === 'function_call_output' && i.call_id === id) return toolText(i.output);
  }
  return undefined;
}

describe('wrap --memory: Claude Code and Codex share notes', () => {
  it('Claude Code saves a note through the gateway; Codex finds it', { timeout: 300_000 }, async (ctx) => {
    const claude = findAgent('claude');
    const codex = findAgent('codex');
    for (const a of [claude, codex]) {
      if (a.bin) continue;
      if (IN_CI) throw new Error(a.missing);
      ctx.skip(a.missing);
      return;
    }
    const cwd = join(project, 'src');

    const c = await run(process.execPath, [
      BIN, 'wrap', 'claude', '--memory', '--port', String(await freePort()), ...upstreamFlags(), '--',
      '-p', 'Remember how to run the tests here.', '--output-format', 'json', '--max-turns', '3',
    ], {
      cwd, timeoutMs: 120_000,
      env: {
        ...env(), ANTHROPIC_API_KEY: 'sk-ant-dummy-e2e',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', DISABLE_ERROR_REPORTING: '1',
      },
    });
    const cdiag = `exit ${c.code}\nstdout: ${c.stdout.slice(0, 1500)}\nstderr: ${c.stderr.slice(-2000)}`;
    expect(c.code, cdiag).toBe(0);
    expect((JSON.parse(c.stdout) as { result: string }).result, cdiag).toBe(CLAUDE_DONE);
    const main = upstream.exchanges.filter((e) => e.path.startsWith('/v1/messages') && e.method === 'POST').map(bodyOf)
      .find((b) => arr(b.tools).some((t) => isObj(t) && t.name === 'Bash'));
    expect(arr(main?.tools).map((t) => (t as Json).name).slice(-2)).toEqual(['memory_save', 'memory_search']);
    // Saved as a project note: Claude Code sent the git root in x-headroom-project (ANTHROPIC_CUSTOM_HEADERS).
    const saved = resultText(SAVE_ID);
    expect(saved, cdiag).toMatch(/^memory note [0-9a-f]{32} saved \(project, tags: testing\)/);
    expect(saved).toContain(NOTE);

    const codexHome = join(home.dir, '.codex');
    mkdirSync(codexHome, { recursive: true });
    const before = upstream.exchanges.length;
    const x = await run(process.execPath, [
      BIN, 'wrap', 'codex', '--memory', '--port', String(await freePort()), ...upstreamFlags(), '--',
      'exec', '--skip-git-repo-check', '--ephemeral', '--ignore-user-config',
      '-c', 'approval_policy="never"', '--sandbox', 'read-only', '-c', 'analytics.enabled=false',
      'How do I run the tests here?',
    ], { cwd, timeoutMs: 120_000, env: { ...env(), CODEX_HOME: codexHome, OPENAI_API_KEY: 'sk-dummy-e2e' } });
    const xdiag = `exit ${x.code}\nstdout: ${x.stdout.slice(0, 1500)}\nstderr: ${x.stderr.slice(-2000)}`;
    expect(x.code, xdiag).toBe(0);
    expect(x.stdout.trim(), xdiag).toBe(CODEX_DONE);
    const turns = upstream.exchanges.slice(before).filter((e) => e.path === '/v1/responses');
    expect(turns.length, xdiag).toBeGreaterThanOrEqual(2);
    // The continuation request Codex's turn produced carries, in our function_call_output, the note Claude saved.
    const found = resultText(SEARCH_ID);
    expect(found, xdiag).toContain(NOTE);
    expect(found).toMatch(/· project · testing ·/);

    // The note is filed under the git root, not the subfolder the agents started in.
    const list = await run(process.execPath, [BIN, 'memory', 'list', '--json', '--scope', 'project'], { cwd: project, timeoutMs: 30_000, env: env() });
    expect(list.stdout, list.stderr).toContain(NOTE);
  });
});
