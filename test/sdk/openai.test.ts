/** `withHeadroom(new OpenAI())` against the fake upstream: Chat Completions and Responses, streaming and not. */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { withHeadroom } from '../../src/index.ts';
import { chatCompletion, chatSse, responsesObject, responsesSse } from '../e2e/replies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { LOG, expectCompressed, lastBody } from './helpers.ts';

let up: FakeUpstream;
beforeAll(async () => { up = await startFakeUpstream(); });
afterAll(async () => { await up.close(); });
beforeEach(() => { up.requests.length = 0; });

const raw = () => new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
const shell = { type: 'object', properties: { command: { type: 'string' } } };

const chatParams = {
  model: 'gpt-test',
  tools: [{ type: 'function' as const, function: { name: 'shell', parameters: shell } }],
  messages: [
    { role: 'user' as const, content: 'What failed in the worker log?' },
    { role: 'assistant' as const, content: null, tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'shell', arguments: '{"command":"cat worker.log"}' } }] },
    { role: 'tool' as const, tool_call_id: 'call_1', content: LOG },
  ],
};
const responsesParams = {
  model: 'gpt-test',
  tools: [{ type: 'function' as const, name: 'shell', parameters: shell, strict: false }],
  input: [
    { role: 'user' as const, content: 'What failed in the worker log?' },
    { type: 'function_call' as const, call_id: 'call_1', name: 'shell', arguments: '{"command":"cat worker.log"}' },
    { type: 'function_call_output' as const, call_id: 'call_1', output: LOG },
  ],
};
const chatTool = (b: Record<string, unknown>) => (b.messages as { content: unknown }[])[2]!.content;
const responsesTool = (b: Record<string, unknown>) => (b.input as { output: unknown }[])[2]!.output;

describe('withHeadroom(OpenAI)', () => {
  it('keeps the client type', () => {
    expectTypeOf(withHeadroom(raw())).toEqualTypeOf<OpenAI>();
  });

  it('chat.completions.create', async () => {
    const answer = chatCompletion({ text: 'worker 7 ran out of memory' }, 'gpt-test');
    up.script({ kind: 'json', body: answer });
    const res = await withHeadroom(raw()).chat.completions.create(chatParams);
    expect(res).toEqual(answer);
    const sent = lastBody(up);
    expect(up.requests[0]!.path).toBe('/v1/chat/completions');
    expectCompressed(chatTool(sent));
    expect((sent.messages as unknown[]).slice(0, 2)).toEqual(chatParams.messages.slice(0, 2));
  });

  it('chat.completions.create({ stream: true }) and .stream()', async () => {
    up.script({ kind: 'sse', events: chatSse({ text: 'worker 7 crashed' }, 'gpt-test') });
    const client = withHeadroom(raw());
    let text = '';
    for await (const chunk of await client.chat.completions.create({ ...chatParams, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('worker 7 crashed');
    expectCompressed(chatTool(lastBody(up)));
    const final = await client.chat.completions.stream(chatParams).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('worker 7 crashed');
    expectCompressed(chatTool(lastBody(up)));
  });

  it('responses.create', async () => {
    const answer = responsesObject([{ type: 'message', text: 'worker 7 ran out of memory' }], 'gpt-test');
    up.script({ kind: 'json', body: answer });
    const res = await withHeadroom(raw()).responses.create(responsesParams);
    expect(res.output_text).toBe('worker 7 ran out of memory');
    expect(up.requests[0]!.path).toBe('/v1/responses');
    expectCompressed(responsesTool(lastBody(up)));
  });

  it('responses.create({ stream: true })', async () => {
    up.script({ kind: 'sse', events: responsesSse([{ type: 'message', text: 'worker 7 crashed' }], 'gpt-test') });
    const types: string[] = [];
    let text = '';
    for await (const ev of await withHeadroom(raw()).responses.create({ ...responsesParams, stream: true })) {
      types.push(ev.type);
      if (ev.type === 'response.output_text.delta') text += ev.delta;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe('worker 7 crashed');
    expectCompressed(responsesTool(lastBody(up)));
  });

  it('errors stay the SDK\'s typed errors', async () => {
    up.script({ kind: 'json', status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } });
    const err = await withHeadroom(raw()).responses.create(responsesParams).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as Error).message).toContain('Rate limit reached');
  });

  it('other endpoints pass through untouched', async () => {
    up.script({ kind: 'json', body: { object: 'list', data: [] } });
    await withHeadroom(raw()).models.list();
    expect(up.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
  });
});
