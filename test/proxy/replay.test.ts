/**
 * Prefix stability: a 20-turn Claude Code-shaped session through the proxy. Every turn adds a tool result (logs,
 * JSON, grep output, small outputs) and sometimes a new question, so the relevance query keeps changing; the
 * upstream-visible conversation of turn N+1 must start with the exact bytes sent for turn N, or the provider's
 * prompt cache would be rewritten every turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream, startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';

let upstream: FakeUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  upstream.script({ kind: 'sse', events: anthropicStream('ok') });
  proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: upstream.url, openai: upstream.url } } });
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

function toolOutput(turn: number): string {
  switch (turn % 4) {
    case 0: return serviceLog(800 + turn * 10, 300 + turn);
    case 1: return JSON.stringify(Array.from({ length: 150 }, (_, i) => ({ id: i, turn, host: `web-${i % 5}`, status: i === turn * 3 ? 'error' : 'ok', ms: 20 + ((i * turn) % 17) })), null, 2);
    case 2: return Array.from({ length: 200 }, (_, i) => `src/mod${i % 9}/file${i % 23}.ts:${i + turn}:  const value${i} = compute(${turn}, ${i});`).join('\n');
    default: return `done in ${turn}ms`;
  }
}

/** cache_control placement is the client's own choice (Claude Code moves its breakpoint every turn); ignore it. */
const withoutBreakpoints = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (k === 'cache_control' ? undefined : x)));

describe('20-turn replay through the proxy', () => {
  it('keeps the already-sent prefix byte-identical on every turn', async () => {
    const system = [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }];
    const messages: Record<string, unknown>[] = [{ role: 'user', content: [{ type: 'text', text: 'Find out why checkout is failing.' }] }];
    const sent: unknown[][] = [];
    for (let turn = 0; turn < 20; turn++) {
      const id = `toolu_${turn}`;
      messages.push({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: `step ${turn}` } }] });
      const userContent: Record<string, unknown>[] = [{ type: 'tool_result', tool_use_id: id, content: toolOutput(turn), cache_control: { type: 'ephemeral' } }];
      if (turn % 5 === 4) userContent.push({ type: 'text', text: `Now look at host web-${turn % 5} and request ${turn * 7}.` });
      // The client moves its breakpoint to the newest turn, as Claude Code does.
      for (const m of messages) if (Array.isArray(m.content)) for (const b of m.content as Record<string, unknown>[]) delete b.cache_control;
      messages.push({ role: 'user', content: userContent });
      const res = await fetch(`http://127.0.0.1:${proxy.port}/v1/messages?beta=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': 'replay-1' },
        body: JSON.stringify({ model: 'claude-x', max_tokens: 1000, system, messages, tools: [{ name: 'Bash', input_schema: { type: 'object' } }], stream: true }),
      });
      await res.text();
      const body = JSON.parse(upstream.requests[upstream.requests.length - 1]!.body.toString());
      sent.push(withoutBreakpoints(body.messages) as unknown[]);
      expect(body.system).toEqual(system);
    }
    for (let n = 0; n + 1 < sent.length; n++) {
      const prev = JSON.stringify(sent[n]).slice(0, -1);
      expect(JSON.stringify(sent[n + 1]).startsWith(prev), `turn ${n + 2} rewrote the prefix sent in turn ${n + 1}`).toBe(true);
    }
    // And the live zone was compressed on every turn that had something worth compressing.
    sent.forEach((messages, turn) => {
      const live = (messages[messages.length - 1] as { content: { content?: string }[] }).content[0]!.content!;
      if (turn % 4 === 3) expect(live).toBe(toolOutput(turn));
      else expect(live.length, `turn ${turn + 1}`).toBeLessThan(toolOutput(turn).length / 2);
    });
  });
});
