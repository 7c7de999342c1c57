/** Real SDK clients through the retrieval loop: they see one ordinary answer and never a headroom_retrieve call. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentId } from '../../src/ccr/id.ts';
import { anthropicBody, openaiChatBody, serviceLog } from '../fixtures/bodies.ts';
import { type FakeUpstream } from './fake-upstream.ts';
import { useProxyStack, type ProxyStack } from './stack.ts';
import { anthropicFinal, anthropicToolTurn, chatFinal, chatToolTurn, retrieveInput } from './retrieval-replies.ts';

const stack = useProxyStack();
let upstream: FakeUpstream;
let proxy: ProxyStack['proxy'];
let base: string;
const log = serviceLog(3000, 1999);
let id: string;

beforeAll(async () => {
  ({ upstream, proxy, base } = stack);
  id = await contentId(log);
});

/** The fixture body as SDK params: the SDK sets `stream` itself; a small max_tokens keeps create() non-streaming. */
function sdkParams() {
  const { stream: _, ...params } = anthropicBody(log);
  return { ...params, model: 'claude-test', max_tokens: 1024, thinking: { type: 'enabled' as const, budget_tokens: 512 } };
}

describe('@anthropic-ai/sdk', () => {
  it('client.messages.stream(): finalMessage holds both turns, summed usage, no headroom_retrieve', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Let me read the whole log.', [{ name: 'headroom_retrieve', id: 'toolu_r1', input: retrieveInput(id) }]) },
      { kind: 'sse', events: anthropicFinal('The charge timed out.') },
    );
    const client = new Anthropic({ apiKey: 'sk-test', baseURL: base, maxRetries: 0 });
    const params = sdkParams();
    const texts: string[] = [];
    const stream = client.messages.stream(params as Anthropic.MessageCreateParamsNonStreaming, { headers: { 'x-headroom-session': 'sdk-1' } });
    stream.on('text', (t) => texts.push(t));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'Let me read the whole log.' }, { type: 'text', text: 'The charge timed out.' }]);
    expect(JSON.stringify(message)).not.toContain('headroom_retrieve');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 4000, output_tokens: 50, cache_read_input_tokens: 1400 });
    expect(texts.join('')).toBe('Let me read the whole log.The charge timed out.');
    expect(upstream.requests.length - from).toBe(2);
    expect(JSON.parse(upstream.requests[from + 1]!.body.toString()).messages[4].content[0].content).toBe(log);
  });

  it('client.messages.create() without streaming gets the merged message', async () => {
    upstream.script(
      { kind: 'json', body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'tool_use', stop_sequence: null, content: [{ type: 'tool_use', id: 'toolu_j', name: 'headroom_retrieve', input: { id } }], usage: { input_tokens: 10, output_tokens: 3 } } },
      { kind: 'json', body: { id: 'msg_2', type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'end_turn', stop_sequence: null, content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 20, output_tokens: 4 } } },
    );
    const client = new Anthropic({ apiKey: 'sk-test', baseURL: base, maxRetries: 0 });
    const params = sdkParams();
    const message = await client.messages.create(params as Anthropic.MessageCreateParamsNonStreaming, { headers: { 'x-headroom-session': 'sdk-2' } });
    expect(message.content).toEqual([{ type: 'text', text: 'Done.' }]);
    expect(message.usage).toMatchObject({ input_tokens: 30, output_tokens: 7 });
  });
});

describe('openai SDK', () => {
  it('chat.completions.stream(): finalChatCompletion has the text of both rounds and no tool calls', async () => {
    upstream.script({ kind: 'sse', events: chatToolTurn('Checking. ', id) }, { kind: 'sse', events: chatFinal('Timed out.') });
    const client = new OpenAI({ apiKey: 'sk-o', baseURL: `${base}/v1`, maxRetries: 0 });
    const { stream: _, ...params } = openaiChatBody(log);
    const stream = client.chat.completions.stream({ ...params, stream_options: { include_usage: true } } as OpenAI.ChatCompletionCreateParamsStreaming, { headers: { 'x-headroom-session': 'sdk-3' } });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe('Checking. Timed out.');
    expect(completion.choices[0]!.message.tool_calls ?? []).toEqual([]);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 4000, completion_tokens: 50 });
  });
});
