/**
 * `wrapLanguageModel({ model, middleware: headroomMiddleware() })` with real AI SDK providers (@ai-sdk/anthropic,
 * @ai-sdk/openai) pointed at the fake upstream: tool results reach the provider compressed, answers come back intact.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, wrapLanguageModel, type JSONValue, type ModelMessage } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { headroomMiddleware } from '../../src/index.ts';
import { anthropicMessage, anthropicSse, responsesObject } from '../e2e/replies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { LOG, expectCompressed, lastBody } from './helpers.ts';

let up: FakeUpstream;
beforeAll(async () => { up = await startFakeUpstream(); });
afterAll(async () => { await up.close(); });
beforeEach(() => { up.requests.length = 0; });

const messages = (output: { type: 'text'; value: string } | { type: 'json'; value: JSONValue }): ModelMessage[] => [
  { role: 'user', content: 'What failed in the worker log?' },
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'shell', input: { command: 'cat worker.log' } }] },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'shell', output }] },
];
const anthropic = () => createAnthropic({ baseURL: `${up.url}/v1`, apiKey: 'sk-ant-test' });
type Block = { type: string; content?: unknown };
const anthropicToolText = (b: Record<string, unknown>): unknown => {
  const block = (b.messages as { content: Block[] }[])[2]!.content.find((x) => x.type === 'tool_result')!;
  return Array.isArray(block.content) ? (block.content as { text: string }[]).map((p) => p.text).join('') : block.content;
};

describe('headroomMiddleware (AI SDK)', () => {
  it('generateText: the provider request carries the tool result compressed', async () => {
    up.script({ kind: 'json', body: anthropicMessage([{ type: 'text', text: 'worker 7 ran out of memory' }], 'claude-test') });
    const model = wrapLanguageModel({ model: anthropic()('claude-test'), middleware: headroomMiddleware() });
    const r = await generateText({ model, messages: messages({ type: 'text', value: LOG }), maxRetries: 0, maxOutputTokens: 256 });
    expect(r.text).toBe('worker 7 ran out of memory');
    expect(up.requests[0]!.path).toBe('/v1/messages');
    expectCompressed(anthropicToolText(lastBody(up)));
  });

  it('streamText: compressed request, streamed answer intact', async () => {
    up.script({ kind: 'sse', events: anthropicSse([{ type: 'text', text: 'worker 7 crashed' }], 'claude-test') });
    const model = wrapLanguageModel({ model: anthropic()('claude-test'), middleware: headroomMiddleware() });
    const r = streamText({ model, messages: messages({ type: 'text', value: LOG }), maxRetries: 0, maxOutputTokens: 256 });
    let text = '';
    for await (const t of r.textStream) text += t;
    expect(text).toBe('worker 7 crashed');
    expectCompressed(anthropicToolText(lastBody(up)));
  });

  it('works with any provider: OpenAI Responses, JSON tool output', async () => {
    up.script({ kind: 'json', body: responsesObject([{ type: 'message', text: 'done' }], 'gpt-test') });
    const openai = createOpenAI({ baseURL: `${up.url}/v1`, apiKey: 'sk-test' });
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: i, host: `web-${i % 7}`, status: i === 277 ? 'error: disk full' : 'ok', latency_ms: 20 + (i % 13) }));
    const model = wrapLanguageModel({ model: openai('gpt-test'), middleware: headroomMiddleware() });
    const r = await generateText({ model, messages: messages({ type: 'json', value: rows }), maxRetries: 0 });
    expect(r.text).toBe('done');
    const sent = lastBody(up);
    const out = (sent.input as { type: string; output?: unknown }[]).find((i) => i.type === 'function_call_output')!.output as string;
    expect(out).toContain('disk full');
    expect(out.length).toBeLessThan(JSON.stringify(rows).length / 2);
  });

  it('leaves a prompt with nothing to compress as it is', async () => {
    const mw = headroomMiddleware();
    const params = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
    const out = await mw.transformParams!({ type: 'generate', params, model: anthropic()('claude-test') });
    expect(out).toBe(params);
  });
});
