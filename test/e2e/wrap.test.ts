/**
 * `headroom wrap` with the real Claude Code and Codex CLIs against the scripted upstream: wrap points each at the
 * gateway and passes its arguments through; the tool-using task completes and the upstream sees the tool output
 * compressed. Claude Code's run makes wrap start (and then stop) its own proxy; Codex's reuses the stack's.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS_DIR, COMMAND, ERROR_LINE, IN_CI, findAgent, run, tempDir } from './agents.ts';
import { bodyOf, compressionFacts, startStack, toolText, type Stack } from './stack.ts';

const FINAL = 'E2E-FINAL: worker 7 crashed (out of memory) at request 617.';
const BIN = process.env.HEADROOM_TEST_BIN ?? fileURLToPath(new URL('../../bin/headroom.mjs', import.meta.url));
const PATH = `${join(AGENTS_DIR, 'node_modules', '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
let stack: Stack;

beforeAll(async () => { stack = await startStack({ command: COMMAND, finalAnswer: FINAL }); });
afterAll(async () => { await stack?.close(); });

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sentTexts = (): string[] => stack.upstream.exchanges.filter((e) => e.method === 'POST').flatMap((e) => {
  const body = bodyOf(e);
  const parts = [...(Array.isArray(body.messages) ? body.messages : []), ...(Array.isArray(body.input) ? body.input : [])] as { content?: unknown; output?: unknown }[];
  return parts.flatMap((m) => [
    ...(Array.isArray(m.content) ? (m.content as { type?: string; content?: unknown }[]).filter((b) => b.type === 'tool_result').map((b) => toolText(b.content)) : []),
    ...(m.output !== undefined ? [toolText(m.output)] : []),
  ]);
});

describe('headroom wrap with real agents', () => {
  it('claude: wrap starts a proxy, Claude Code completes a tool-using task through it, the proxy stops after', { timeout: 150_000 }, async (ctx) => {
    const claude = findAgent('claude');
    if (!claude.bin) {
      if (IN_CI) throw new Error(claude.missing);
      ctx.skip(claude.missing);
      return;
    }
    const home = tempDir('headroom-e2e-wrap-claude-');
    const port = await freePort();
    try {
      const before = stack.upstream.exchanges.length;
      const r = await run(process.execPath, [
        BIN, 'wrap', 'claude', '--port', String(port), '--anthropic-upstream', stack.upstream.url, '--',
        '-p', 'Run the worker log command and tell me what failed.', '--output-format', 'json', '--max-turns', '4',
        '--allowedTools', 'Bash(seq:*)', 'Bash(sed:*)',
      ], {
        cwd: home.dir, timeoutMs: 120_000,
        env: {
          PATH, HOME: home.dir, HEADROOM_HOME: join(home.dir, 'headroom'), ANTHROPIC_API_KEY: 'sk-ant-dummy-e2e',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', DISABLE_ERROR_REPORTING: '1',
        },
      });
      const diag = `exit ${r.code}\nstdout: ${r.stdout.slice(0, 1500)}\nstderr: ${r.stderr.slice(-2000)}`;
      expect(r.code, diag).toBe(0);
      expect(r.stderr, diag).toContain('started the proxy');
      expect((JSON.parse(r.stdout) as { result: string }).result).toBe(FINAL);
      expect(stack.upstream.exchanges.length).toBeGreaterThan(before);
      const sent = sentTexts().find((t) => t.includes(ERROR_LINE));
      expect(sent && compressionFacts(sent, '').hasMarker, sent?.slice(0, 300)).toBe(true);
      const stillUp = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
      expect(stillUp).toBe(false);
    } finally {
      home.cleanup();
    }
  });

  it('codex: wrap reuses the running proxy and routes Codex with its -c provider overrides', { timeout: 150_000 }, async (ctx) => {
    const codex = findAgent('codex');
    if (!codex.bin) {
      if (IN_CI) throw new Error(codex.missing);
      ctx.skip(codex.missing);
      return;
    }
    const home = tempDir('headroom-e2e-wrap-codex-');
    const codexHome = join(home.dir, '.codex');
    mkdirSync(codexHome);
    const port = Number(new URL(stack.base).port);
    try {
      const before = stack.upstream.exchanges.length;
      const r = await run(process.execPath, [
        BIN, 'wrap', 'codex', '--port', String(port), '--',
        'exec', '--skip-git-repo-check', '--ephemeral', '--ignore-user-config',
        '-c', 'approval_policy="never"', '--sandbox', 'read-only', '-c', 'analytics.enabled=false',
        'Run the worker log command and tell me what failed.',
      ], {
        cwd: home.dir, timeoutMs: 120_000,
        env: { PATH, HOME: home.dir, CODEX_HOME: codexHome, HEADROOM_HOME: join(home.dir, 'headroom'), OPENAI_API_KEY: 'sk-dummy-e2e' },
      });
      const diag = `exit ${r.code}\nstdout: ${r.stdout.slice(0, 1500)}\nstderr: ${r.stderr.slice(-2000)}`;
      expect(r.code, diag).toBe(0);
      expect(r.stderr, diag).toContain('reusing headroom');
      expect(r.stdout.trim(), diag).toBe(FINAL);
      const turns = stack.upstream.exchanges.slice(before).filter((e) => e.path === '/v1/responses');
      expect(turns.length).toBeGreaterThanOrEqual(2);
      expect(turns.at(-1)!.headers.authorization).toBe('Bearer sk-dummy-e2e');
      const sent = sentTexts().find((t) => t.includes(ERROR_LINE) && t.includes('headroom'));
      expect(sent, 'compressed tool output upstream').toBeDefined();
      expect(await fetch(`${stack.base}/health`).then((x) => x.ok)).toBe(true);
    } finally {
      home.cleanup();
    }
  });
});
