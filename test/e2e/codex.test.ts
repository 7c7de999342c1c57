/**
 * The real Codex CLI (`codex exec`) through the gateway against the scripted upstream. Codex ignores OPENAI_BASE_URL,
 * so it is routed with a custom provider given per run (`-c model_providers.headroom.base_url=…/v1`,
 * `wire_api="responses"`). The model calls Codex's shell tool with a large log output; Codex's second request must
 * reach the upstream with that `custom_tool_call_output` compressed, and the final answer must reach Codex intact.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_ID } from './agent-upstream.ts';
import { COMMAND, ERROR_LINE, IN_CI, commandOutput, findAgent, run, tempDir } from './agents.ts';
import { bodyOf, compressionFacts, startStack, toolText, type Stack } from './stack.ts';

const FINAL = 'E2E-FINAL: worker 7 crashed (out of memory) at request 617.';
const codex = findAgent('codex');
let stack: Stack;

beforeAll(async () => { stack = await startStack({ command: COMMAND, finalAnswer: FINAL }); });
afterAll(async () => { await stack?.close(); });

type Item = { type?: string; call_id?: string; output?: unknown };
const itemsOf = (body: Record<string, unknown>): Item[] => (Array.isArray(body.input) ? body.input as Item[] : []);
const isOutput = (i: Item) => (i.type === 'custom_tool_call_output' || i.type === 'function_call_output') && i.call_id === CALL_ID;

describe('Codex through the proxy', () => {
  it('runs a tool-using task; the upstream gets the tool output compressed; stats record it', { timeout: 120_000 }, async (ctx) => {
    if (!codex.bin) {
      if (IN_CI) throw new Error(codex.missing);
      console.warn(`skipped: ${codex.missing}`);
      ctx.skip(codex.missing);
      return;
    }
    const home = tempDir('headroom-e2e-codex-');
    const codexHome = join(home.dir, '.codex');
    mkdirSync(codexHome);
    try {
      const r = await run(codex.bin, [
        'exec', '--skip-git-repo-check', '--ephemeral', '--ignore-user-config',
        '-c', 'model_provider="headroom"',
        '-c', 'model_providers.headroom.name="headroom"',
        '-c', `model_providers.headroom.base_url="${stack.base}/v1"`,
        '-c', 'model_providers.headroom.wire_api="responses"',
        '-c', 'model_providers.headroom.env_key="HEADROOM_E2E_OPENAI_KEY"',
        // Non-interactive: never ask for approval; the read-only sandbox is enough for `seq | sed`.
        '-c', 'approval_policy="never"', '--sandbox', 'read-only',
        '-c', 'analytics.enabled=false',
        'Run the worker log command and tell me what failed.',
      ], {
        cwd: home.dir, timeoutMs: 90_000,
        env: { HOME: home.dir, CODEX_HOME: codexHome, HEADROOM_E2E_OPENAI_KEY: 'sk-dummy-e2e' },
      });
      const diag = `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(-3000)}`;
      expect(r.timedOut, diag).toBe(false);
      expect(r.code, diag).toBe(0);
      expect(r.stdout.trim(), diag).toBe(FINAL);

      const turns = stack.upstream.exchanges.filter((e) => e.method === 'POST' && e.path === '/v1/responses');
      const withResult = turns.filter((e) => itemsOf(bodyOf(e)).some(isOutput));
      expect(withResult.length, `${turns.length} model requests`).toBeGreaterThanOrEqual(1);
      expect(turns.indexOf(withResult[0]!)).toBeGreaterThan(0);
      expect(withResult[0]!.headers.authorization).toBe('Bearer sk-dummy-e2e');
      const sent = toolText(itemsOf(bodyOf(withResult[0]!)).find(isOutput)!.output);
      const original = commandOutput();
      const facts = compressionFacts(sent, original);
      expect(facts.hasMarker, sent.slice(0, 500)).toBe(true);
      expect(facts.sentChars).toBeLessThan(facts.originalChars / 5);
      expect(sent).toContain(ERROR_LINE);
      // Codex wraps the command output in text parts of its own; the compressed part's original is the real output.
      const originals = await Promise.all(facts.ids.map((id) => stack.retrieve(id)));
      expect(originals.some((o) => o.trimEnd() === original.trimEnd()), originals.map((o) => o.slice(0, 80)).join(' | ')).toBe(true);

      const { totals, recent } = await stack.stats();
      const rec = recent.find((x) => facts.ids.some((id) => x.ids.includes(id)));
      expect(rec, JSON.stringify(recent.map((x) => [x.path, x.tokensBefore, x.tokensAfter]))).toBeDefined();
      expect(rec).toMatchObject({ provider: 'openai-responses', path: '/v1/responses', status: 200, completed: true, stream: true });
      expect(rec!.tokensAfter).toBeLessThan(rec!.tokensBefore / 5);
      expect(rec!.usage.input).toBeGreaterThan(0);
      expect(totals.compressedRequests).toBeGreaterThanOrEqual(1);
    } finally {
      home.cleanup();
    }
  });
});
