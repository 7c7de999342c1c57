/** The gateway answers headroom_retrieve itself for OpenAI Chat Completions and Responses streams (and JSON). */
import { beforeAll, describe, expect, it } from 'vitest';
import { contentId } from '../../src/ccr/id.ts';
import { openaiChatBody, responsesBody, serviceLog } from '../fixtures/bodies.ts';
import { type FakeUpstream } from './fake-upstream.ts';
import { useProxyStack, type ProxyStack } from './stack.ts';
import { chatFinal, chatToolTurn, parseSse, responsesFinal, responsesToolTurn, retrieveInput } from './retrieval-replies.ts';

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

let session = 0;
const post = (path: string, body: unknown) => fetch(base + path, {
  method: 'POST', body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-o', 'x-headroom-session': `o${++session}` },
});
const sent = (i: number) => JSON.parse(upstream.requests[i]!.body.toString());
const tool = { type: 'function', function: { name: 'shell', description: 'Run', parameters: { type: 'object', properties: {} } } };

describe('OpenAI Chat streaming', () => {
  it('withholds the call, continues upstream and streams one completion', async () => {
    const from = upstream.requests.length;
    upstream.script({ kind: 'sse', events: chatToolTurn('Checking the log. ', id) }, { kind: 'sse', events: chatFinal('It timed out.') });
    const res = await post('/v1/chat/completions', { ...openaiChatBody(log), tools: [tool], stream_options: { include_usage: true } });
    const text = await res.text();
    expect(text).not.toContain('headroom_retrieve');
    expect(text).not.toContain('tool_calls');
    const events = parseSse(text);
    expect(events.filter((e) => e.data === '[DONE]')).toHaveLength(1);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.filter((e) => typeof e.data === 'object').map((e) => e.data);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['chatcmpl-1']));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('Checking the log. It timed out.');
    expect(chunks.flatMap((c) => c.choices.map((ch: { finish_reason: string | null }) => ch.finish_reason)).filter(Boolean)).toEqual(['stop']);
    const usage = chunks.filter((c) => c.usage);
    expect(usage).toHaveLength(1);
    expect(usage[0].usage).toEqual({ prompt_tokens: 4000, completion_tokens: 50, total_tokens: 4050, prompt_tokens_details: { cached_tokens: 1400 } });

    const first = sent(from);
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['shell', 'headroom_retrieve']);
    const cont = sent(from + 1);
    expect(cont.tools).toEqual(first.tools);
    expect(cont.messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'Checking the log. ', tool_calls: [{ id: 'call_r1', type: 'function', function: { name: 'headroom_retrieve', arguments: retrieveInput(id) } }] },
      { role: 'tool', tool_call_id: 'call_r1', content: log },
    ]);
  });

  it('adds the tool without a tools array only when markers are present, in the Chat shape', async () => {
    upstream.script({ kind: 'json', body: { id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] } });
    const from = upstream.requests.length;
    await (await post('/v1/chat/completions', { ...openaiChatBody(log), stream: false })).json();
    expect(sent(from).tools).toEqual([{ type: 'function', function: expect.objectContaining({ name: 'headroom_retrieve', parameters: expect.objectContaining({ required: ['id'] }) }) }]);
    await (await post('/v1/chat/completions', { ...openaiChatBody('total 0\n'), stream: false })).json();
    expect('tools' in sent(from + 1)).toBe(false);
  });

  it('runs the loop for non-streaming completions', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'json', body: { id: 'c1', object: 'chat.completion', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_j', type: 'function', function: { name: 'headroom_retrieve', arguments: retrieveInput(id) } }] } }], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } } },
      { kind: 'json', body: { id: 'c2', object: 'chat.completion', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Timed out.' } }], usage: { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 } } },
    );
    const out = await (await post('/v1/chat/completions', { ...openaiChatBody(log), stream: false, tools: [tool] })).json();
    expect(out).toMatchObject({ id: 'c1', choices: [{ finish_reason: 'stop', message: { content: 'Timed out.' } }], usage: { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 } });
    expect(sent(from + 1).messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_j', content: log });
  });
});

describe('OpenAI Responses streaming', () => {
  it('withholds the function call, keeps sequence numbers and output indices consecutive, merges completed', async () => {
    const from = upstream.requests.length;
    upstream.script({ kind: 'sse', events: responsesToolTurn('Let me check.', id) }, { kind: 'sse', events: responsesFinal('It timed out.') });
    const res = await post('/v1/responses', responsesBody(log));
    const text = await res.text();
    expect(text).not.toContain('headroom_retrieve');
    const events = parseSse(text).map((e) => e.data);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'response.completed')).toHaveLength(1);
    expect(events.some((e) => e.type?.startsWith('response.function_call'))).toBe(false);
    const added = events.filter((e) => e.type === 'response.output_item.added');
    expect(added.map((e) => [e.output_index, e.item.type])).toEqual([[0, 'message'], [1, 'message']]);
    const done = events.at(-1);
    expect(done.type).toBe('response.completed');
    expect(done.response.output.map((i: { content: { text: string }[] }) => i.content[0]!.text)).toEqual(['Let me check.', 'It timed out.']);
    expect(done.response.usage).toEqual({ input_tokens: 4000, input_tokens_details: { cached_tokens: 1400 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 4050 });

    const first = sent(from);
    expect(first.tools).toEqual([expect.objectContaining({ type: 'function', name: 'headroom_retrieve' })]);
    const cont = sent(from + 1);
    expect(cont.input.slice(0, first.input.length)).toEqual(first.input);
    expect(cont.input.slice(first.input.length).map((i: { type: string }) => i.type)).toEqual(['message', 'function_call', 'function_call_output']);
    expect(cont.input.at(-1)).toEqual({ type: 'function_call_output', call_id: 'call_1', output: log });
  });

  it('ends with a Responses error event when the continuation fails', async () => {
    upstream.script(
      { kind: 'sse', events: responsesToolTurn('Let me check.', id) },
      { kind: 'raw', status: 500, body: '{"error":{"message":"boom","type":"server_error","code":"server_error"}}', headers: { 'content-type': 'application/json' } },
    );
    const events = parseSse(await (await post('/v1/responses', responsesBody(log))).text());
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data).toMatchObject({ type: 'error', code: 'server_error', message: 'boom', sequence_number: events.length - 1 });
    expect(events.some((e) => e.data.type === 'response.completed')).toBe(false);
  });
});
