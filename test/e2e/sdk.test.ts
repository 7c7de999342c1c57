/**
 * The official SDKs (@anthropic-ai/sdk, openai) as clients of the gateway, streaming and not, for Anthropic Messages,
 * OpenAI Chat Completions and OpenAI Responses: each request carries a large tool output, the upstream must receive
 * it compressed with nothing else changed, and the SDK must get exactly what the upstream sent (parsed events equal,
 * raw SSE bytes equal).
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_ID, TOOL_USE_ID, type Exchange } from './agent-upstream.ts';
import { COMMAND, ERROR_LINE, commandOutput } from './agents.ts';
import { bodyOf, compressionFacts, frameData, startStack, toolText, type Stack } from './stack.ts';

const FINAL = 'E2E-FINAL: worker 7 crashed (out of memory) at request 617.';
const LOG = commandOutput();
/**
 * Each request opens its own conversation (the gateway keys its cache-safety session on how a conversation begins):
 * a repeat of an identical conversation would have its tool output replayed from that session, not examined anew.
 */
let asks = 0;
const ask = () => `Run the worker log command and tell me what failed. (#${++asks})`;
let stack: Stack;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  stack = await startStack({ command: COMMAND, finalAnswer: FINAL });
  anthropic = new Anthropic({ baseURL: stack.base, apiKey: 'sk-ant-dummy-e2e', maxRetries: 0, timeout: 20_000 });
  openai = new OpenAI({ baseURL: `${stack.base}/v1`, apiKey: 'sk-dummy-e2e', maxRetries: 0, timeout: 20_000 });
});
afterAll(async () => { await stack?.close(); });

const shellSchema = { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] };

const anthropicParams = () => ({
  model: 'claude-e2e', max_tokens: 1024,
  tools: [{ name: 'Bash', description: 'Run a shell command', input_schema: shellSchema }],
  messages: [
    { role: 'user' as const, content: ask() },
    { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: TOOL_USE_ID, name: 'Bash', input: { command: COMMAND } }] },
    { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: TOOL_USE_ID, content: LOG }] },
  ],
});
const chatParams = () => ({
  model: 'gpt-e2e',
  tools: [{ type: 'function' as const, function: { name: 'shell', description: 'Run a shell command', parameters: shellSchema } }],
  messages: [
    { role: 'user' as const, content: ask() },
    { role: 'assistant' as const, content: null, tool_calls: [{ id: CALL_ID, type: 'function' as const, function: { name: 'shell', arguments: JSON.stringify({ command: COMMAND }) } }] },
    { role: 'tool' as const, tool_call_id: CALL_ID, content: LOG },
  ],
});
const responsesParams = () => ({
  model: 'gpt-e2e',
  tools: [{ type: 'function' as const, name: 'shell', description: 'Run a shell command', parameters: shellSchema, strict: false }],
  input: [
    { role: 'user' as const, content: ask() },
    { type: 'function_call' as const, call_id: CALL_ID, name: 'shell', arguments: JSON.stringify({ command: COMMAND }) },
    { type: 'function_call_output' as const, call_id: CALL_ID, output: LOG },
  ],
});

/** The last request the upstream got on `path`. */
function lastOn(path: string): Exchange {
  const hits = stack.upstream.exchanges.filter((e) => e.method === 'POST' && e.path.split('?')[0] === path);
  expect(hits.length).toBeGreaterThan(0);
  return hits[hits.length - 1]!;
}

type Locate = (body: Record<string, unknown>) => { get(): unknown; set(v: unknown): void };
const anthropicTool: Locate = (b) => {
  const block = ((b.messages as { content: Record<string, unknown>[] }[])[2]!.content)[0]!;
  return { get: () => block.content, set: (v) => { block.content = v; } };
};
const chatTool: Locate = (b) => {
  const msg = (b.messages as Record<string, unknown>[])[2]!;
  return { get: () => msg.content, set: (v) => { msg.content = v; } };
};
const responsesTool: Locate = (b) => {
  const item = (b.input as Record<string, unknown>[])[2]!;
  return { get: () => item.output, set: (v) => { item.output = v; } };
};

/**
 * The upstream got the tool output compressed (marker, error line kept, original retrievable) and everything else
 * exactly as the SDK built it; the gateway may only append its own tools (headroom_retrieve) after the client's.
 */
async function expectCompressed(ex: Exchange, params: object, locate: Locate, extra: Record<string, unknown>) {
  const sent = bodyOf(ex);
  const text = toolText(locate(sent).get());
  const facts = compressionFacts(text, LOG);
  expect(facts.hasMarker, text.slice(0, 300)).toBe(true);
  expect(facts.sentChars).toBeLessThan(facts.originalChars / 5);
  expect(text).toContain(ERROR_LINE);
  expect(await stack.retrieve(facts.ids[0]!)).toBe(LOG);
  const sentTools = sent.tools as unknown[];
  const clientTools = (params as { tools: unknown[] }).tools;
  expect(sentTools.slice(0, clientTools.length)).toEqual(clientTools);
  locate(sent).set(LOG);
  expect({ ...sent, tools: clientTools }).toEqual({ ...params, ...extra });
}

describe('Anthropic SDK through the proxy', () => {
  it('non-streaming: the message arrives as the upstream sent it', async () => {
    const params = anthropicParams();
    const msg = await anthropic.messages.create(params);
    const ex = lastOn('/v1/messages');
    expect(msg).toEqual(JSON.parse(ex.reply));
    expect(msg.content).toEqual([{ type: 'text', text: FINAL }]);
    // This SDK version sends the key as a bearer token; either way the client's auth must reach the upstream.
    expect(`${ex.headers['x-api-key'] ?? ''} ${ex.headers.authorization ?? ''}`).toContain('sk-ant-dummy-e2e');
    await expectCompressed(ex, params, anthropicTool, {});
  });

  it('streaming: every event arrives as sent (ping is consumed by the SDK itself)', async () => {
    const params = anthropicParams();
    const stream = await anthropic.messages.create({ ...params, stream: true });
    const got: unknown[] = [];
    for await (const ev of stream) got.push(ev);
    const ex = lastOn('/v1/messages');
    expect(got).toEqual(frameData(ex.frames!).filter((d) => (d as { type: string }).type !== 'ping'));
    await expectCompressed(ex, params, anthropicTool, { stream: true });
  });

  it('streaming: the raw SSE bytes are the upstream bytes', async () => {
    const params = anthropicParams();
    const res = await anthropic.messages.create({ ...params, stream: true }).asResponse();
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('request-id')).toBe('req_e2e');
    expect(await res.text()).toBe(lastOn('/v1/messages').reply);
  });
});

describe('OpenAI SDK, Chat Completions, through the proxy', () => {
  it('non-streaming: the completion arrives as the upstream sent it', async () => {
    const params = chatParams();
    const c = await openai.chat.completions.create(params);
    const ex = lastOn('/v1/chat/completions');
    expect(c).toEqual(JSON.parse(ex.reply));
    expect(c.choices[0]!.message.content).toBe(FINAL);
    expect(ex.headers.authorization).toBe('Bearer sk-dummy-e2e');
    await expectCompressed(ex, params, chatTool, {});
  });

  it('streaming: every chunk (usage included) arrives as sent', async () => {
    const params = chatParams();
    const stream = await openai.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    const got: unknown[] = [];
    for await (const chunk of stream) got.push(chunk);
    const ex = lastOn('/v1/chat/completions');
    expect(got).toEqual(frameData(ex.frames!));
    expect(ex.reply.endsWith('data: [DONE]\n\n')).toBe(true);
    await expectCompressed(ex, params, chatTool, { stream: true, stream_options: { include_usage: true } });
  });

  it('streaming: the raw SSE bytes are the upstream bytes', async () => {
    const params = chatParams();
    const res = await openai.chat.completions.create({ ...params, stream: true }).asResponse();
    expect(await res.text()).toBe(lastOn('/v1/chat/completions').reply);
  });
});

describe('OpenAI SDK, Responses, through the proxy', () => {
  it('non-streaming: the response arrives as the upstream sent it', async () => {
    const params = responsesParams();
    const r = await openai.responses.create(params);
    const ex = lastOn('/v1/responses');
    const { output_text: outputText, ...rest } = r as typeof r & { output_text: string };
    expect(rest).toEqual(JSON.parse(ex.reply));
    expect(outputText).toBe(FINAL); // the SDK's own convenience field, derived from output
    await expectCompressed(ex, params, responsesTool, {});
  });

  it('streaming: every event arrives as sent', async () => {
    const params = responsesParams();
    const stream = await openai.responses.create({ ...params, stream: true });
    const got: unknown[] = [];
    for await (const ev of stream) got.push(ev);
    const ex = lastOn('/v1/responses');
    expect(got).toEqual(frameData(ex.frames!));
    await expectCompressed(ex, params, responsesTool, { stream: true });
  });

  it('streaming: the raw SSE bytes are the upstream bytes', async () => {
    const params = responsesParams();
    const res = await openai.responses.create({ ...params, stream: true }).asResponse();
    expect(await res.text()).toBe(lastOn('/v1/responses').reply);
  });
});

describe('stats', () => {
  it('recorded every SDK request, each with our compression and the provider usage', async () => {
    const { recent } = await stack.stats();
    const llm = recent.filter((r) => r.path !== '/v1/messages/count_tokens');
    expect(llm.length).toBe(9);
    for (const r of llm) {
      expect(r.status).toBe(200);
      expect(r.completed).toBe(true);
      expect(r.tokensAfter).toBeLessThan(r.tokensBefore / 5);
      expect(r.usage.input).toBe(2100);
    }
    expect(new Set(llm.map((r) => r.provider))).toEqual(new Set(['anthropic', 'openai-chat', 'openai-responses']));
  });
});
