/**
 * The real Claude Code CLI (`claude -p`) through the gateway against the scripted upstream: the model asks for a Bash
 * command with a large log output, Claude Code runs it, and its second request must reach the upstream with that
 * output compressed (marker, error line kept, original retrievable) while the final answer reaches the CLI intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_USE_ID } from './agent-upstream.ts';
import { COMMAND, ERROR_LINE, IN_CI, commandOutput, findAgent, run, tempDir } from './agents.ts';
import { bodyOf, compressionFacts, startStack, toolText, type Stack } from './stack.ts';

const FINAL = 'E2E-FINAL: worker 7 crashed (out of memory) at request 617.';
const claude = findAgent('claude');
let stack: Stack;

beforeAll(async () => { stack = await startStack({ command: COMMAND, finalAnswer: FINAL }); });
afterAll(async () => { await stack?.close(); });

type Block = { type?: string; tool_use_id?: string; content?: unknown };
const blocksOf = (body: Record<string, unknown>): Block[] =>
  (Array.isArray(body.messages) ? body.messages : []).flatMap((m: { content?: unknown }) => (Array.isArray(m.content) ? m.content as Block[] : []));

describe('Claude Code through the proxy', () => {
  it('runs a tool-using task; the upstream gets the tool output compressed; stats record it', { timeout: 120_000 }, async (ctx) => {
    if (!claude.bin) {
      if (IN_CI) throw new Error(claude.missing);
      console.warn(`skipped: ${claude.missing}`);
      ctx.skip(claude.missing);
      return;
    }
    const home = tempDir('headroom-e2e-claude-');
    try {
      const r = await run(claude.bin, [
        '-p', 'Run the worker log command and tell me what failed.',
        '--output-format', 'json', '--max-turns', '4',
        // Compound commands need each part allowed (Claude Code checks every command of a pipeline).
        '--allowedTools', 'Bash(seq:*)', 'Bash(sed:*)',
      ], {
        cwd: home.dir, timeoutMs: 90_000,
        env: {
          HOME: home.dir,
          ANTHROPIC_BASE_URL: stack.base,
          ANTHROPIC_API_KEY: 'sk-ant-dummy-e2e',
          // No update checks, telemetry, error reporting or other side traffic (Claude Code env-var docs).
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', DISABLE_ERROR_REPORTING: '1',
        },
      });
      const diag = `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`;
      expect(r.timedOut, diag).toBe(false);
      expect(r.code, diag).toBe(0);
      const result = JSON.parse(r.stdout) as { is_error: boolean; result: string; num_turns: number; permission_denials: unknown[] };
      expect(result.is_error, diag).toBe(false);
      expect(result.permission_denials, diag).toEqual([]);
      expect(result.result).toBe(FINAL);

      // The model requests: the first offers Bash and gets our tool call; a later one carries the tool result.
      const turns = stack.upstream.exchanges.filter((e) => e.method === 'POST' && e.path.startsWith('/v1/messages') && !e.path.includes('count_tokens'));
      const withResult = turns.filter((e) => blocksOf(bodyOf(e)).some((b) => b.type === 'tool_result' && b.tool_use_id === TOOL_USE_ID));
      expect(withResult.length, `${turns.length} model requests`).toBeGreaterThanOrEqual(1);
      expect(turns.indexOf(withResult[0]!)).toBeGreaterThan(0);
      const result0 = blocksOf(bodyOf(withResult[0]!)).find((b) => b.type === 'tool_result' && b.tool_use_id === TOOL_USE_ID)!;
      const sent = toolText(result0.content);
      const original = commandOutput();
      const facts = compressionFacts(sent, original);
      expect(facts.hasMarker, sent.slice(0, 500)).toBe(true);
      expect(facts.sentChars).toBeLessThan(facts.originalChars / 5);
      expect(sent).toContain(ERROR_LINE);
      // The marker's id gives back exactly what Claude Code sent: the command's real output.
      expect((await stack.retrieve(facts.ids[0]!)).trimEnd()).toBe(original.trimEnd());

      const { totals, recent } = await stack.stats();
      const rec = recent.find((x) => x.ids.includes(facts.ids[0]!));
      expect(rec, JSON.stringify(recent.map((x) => [x.path, x.tokensBefore, x.tokensAfter]))).toBeDefined();
      expect(rec).toMatchObject({ provider: 'anthropic', path: '/v1/messages', status: 200, completed: true, stream: true });
      expect(rec!.tokensAfter).toBeLessThan(rec!.tokensBefore / 5);
      expect(rec!.usage.input).toBeGreaterThan(0);
      expect(totals.compressedRequests).toBeGreaterThanOrEqual(1);
    } finally {
      home.cleanup();
    }
  });
});
