/**
 * The gateway answers memory_save / memory_search itself when the proxy runs with `memory`: the scripted model saves
 * a note in one session (Anthropic) and finds it in others (OpenAI Chat, Responses; streaming and JSON). The tool
 * list is the client's, then memory_save, memory_search, then headroom_retrieve once markers appear — stable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { contentId } from '../../src/ccr/id.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { anthropicFinal, anthropicToolTurn, chatFinal, parseSse, responsesEvents, responsesFinal, retrieveInput } from './retrieval-replies.ts';

let upstream: FakeUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let plain: Awaited<ReturnType<typeof serveNode>>;
let base: string;

const PROJECT = '/work/demo-project';
const NOTE = 'Run the tests with `make check TEST_DB=sqlite`; plain npm test needs a running Postgres.';
const small = () => anthropicBody('total 0\n');

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const upstreams = { anthropic: upstream.url, openai: upstream.url };
  proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams, memory: true } });
  plain = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams } });
  base = `http://127.0.0.1:${proxy.port}`;
});
afterAll(async () => {
  await proxy.close();
  await plain.close();
  await upstream.close();
});

let n = 0;
function post(path: string, body: unknown, headers: Record<string, string> = {}, at = base) {
  return fetch(at + path, {
    method: 'POST', body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json', 'x-api-key': 'sk-test', authorization: 'Bearer sk-o', 'anthropic-version': '2023-06-01',
      'x-headroom-session': `g${++n}`, 'x-headroom-project': PROJECT, ...headers,
    },
  });
}
const sent = (i: number) => JSON.parse(upstream.requests[i]!.body.toString());
const names = (b: { tools?: ({ name?: string; function?: { name: string } })[] }) => b.tools?.map((t) => t.name ?? t.function?.name);

const chunk = (id: string, choices: unknown[], usage: unknown = null) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'gpt-5', choices, usage })}\n\n`;
function chatCall(name: string, args: string): string[] {
  return [
    chunk('chatcmpl-m', [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    chunk('chatcmpl-m', [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_m1', type: 'function', function: { name, arguments: args.slice(0, 6) } }] }, finish_reason: null }]),
    chunk('chatcmpl-m', [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(6) } }] }, finish_reason: null }]),
    chunk('chatcmpl-m', [{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
    chunk('chatcmpl-m', [], { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 }),
    'data: [DONE]\n\n',
  ];
}
const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 110 };

describe('memory tools across sessions and providers', () => {
  it('Anthropic streaming: memory_save is answered in the gateway and the client never sees it', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Noting that.', [{ name: 'memory_save', id: 'toolu_m1', input: JSON.stringify({ text: NOTE, tags: ['testing'] }) }]) },
      { kind: 'sse', events: anthropicFinal('Saved for next time.') },
    );
    const text = await (await post('/v1/messages', small())).text();
    expect(text).not.toContain('memory_save');
    const events = parseSse(text);
    expect(events.filter((e) => e.event === 'content_block_start').map((e) => e.data.index)).toEqual([0, 1]);
    expect(events.find((e) => e.event === 'message_delta')!.data.delta.stop_reason).toBe('end_turn');

    expect(upstream.requests.length - from).toBe(2);
    expect(names(sent(from))).toEqual(['Bash', 'memory_save', 'memory_search']);
    const result = sent(from + 1).messages.at(-1).content[0];
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_m1' });
    expect(result.is_error).toBeUndefined();
    expect(result.content).toMatch(/^memory note [0-9a-f]{32} saved \(project, tags: testing\)/);
    // The project header is ours: it never reaches the provider.
    expect(upstream.requests[from]!.headers['x-headroom-project']).toBeUndefined();
  });

  it('OpenAI Responses streaming, another session: memory_search finds the note', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'sse', events: responsesEvents('resp_m', [{ kind: 'call', name: 'memory_search', args: JSON.stringify({ query: 'how to run the tests' }) }], usage) },
      { kind: 'sse', events: responsesFinal('Use make check.') },
    );
    const body = { model: 'gpt-5-codex', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'How do I run the tests?' }] }], tools: [{ type: 'function', name: 'shell', parameters: { type: 'object', properties: {} } }], stream: true };
    const text = await (await post('/v1/responses', body)).text();
    expect(text).not.toContain('memory_search');
    const completed = parseSse(text).find((e) => e.event === 'response.completed')!.data.response;
    expect(completed.output.map((o: { type: string }) => o.type)).toEqual(['message']);
    expect(names(sent(from))).toEqual(['shell', 'memory_save', 'memory_search']);
    const output = sent(from + 1).input.at(-1);
    expect(output).toMatchObject({ type: 'function_call_output', call_id: 'call_0' });
    expect(output.output).toContain(NOTE);
  });

  it('OpenAI Chat streaming: memory_search finds it too', async () => {
    const from = upstream.requests.length;
    upstream.script({ kind: 'sse', events: chatCall('memory_search', JSON.stringify({ query: 'tests postgres' })) }, { kind: 'sse', events: chatFinal('Use make check.') });
    const text = await (await post('/v1/chat/completions', { model: 'gpt-5', messages: [{ role: 'user', content: 'Run the tests' }], stream: true })).text();
    expect(text).not.toContain('memory_search');
    expect(text).toContain('Use make check.');
    // No tools array of the client's: ours alone.
    expect(names(sent(from))).toEqual(['memory_save', 'memory_search']);
    const tool = sent(from + 1).messages.at(-1);
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: 'call_m1' });
    expect(tool.content).toContain(NOTE);
  });

  it('Anthropic JSON: one merged message; another project does not see the project note', async () => {
    const reply = (id: string, content: unknown[], stop: string) => ({
      kind: 'json' as const,
      body: { id, type: 'message', role: 'assistant', model: 'claude-x', stop_reason: stop, stop_sequence: null, content, usage: { input_tokens: 10, output_tokens: 5 } },
    });
    const search = reply('msg_j1', [{ type: 'tool_use', id: 'toolu_j', name: 'memory_search', input: { query: 'run tests' } }], 'tool_use');
    const done = reply('msg_j2', [{ type: 'text', text: 'Done.' }], 'end_turn');
    let from = upstream.requests.length;
    upstream.script(search, done);
    const msg = await (await post('/v1/messages', { ...small(), stream: false })).json();
    expect(msg).toMatchObject({ id: 'msg_j1', stop_reason: 'end_turn', content: [{ type: 'text', text: 'Done.' }] });
    expect(sent(from + 1).messages.at(-1).content[0].content).toContain(NOTE);

    from = upstream.requests.length;
    upstream.script(search, done);
    await (await post('/v1/messages', { ...small(), stream: false }, { 'x-headroom-project': '/work/other' })).json();
    expect(sent(from + 1).messages.at(-1).content[0].content).toBe('no memory notes match "run tests"');
  });

  it('answers memory and retrieval calls of one turn, each by its own tool', async () => {
    const log = serviceLog(3000, 1999);
    const id = await contentId(log);
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Both.', [
        { name: 'memory_search', id: 'toolu_s', input: JSON.stringify({ query: 'tests' }) },
        { name: 'headroom_retrieve', id: 'toolu_r', input: retrieveInput(id) },
      ]) },
      { kind: 'sse', events: anthropicFinal('Got both.') },
    );
    const text = await (await post('/v1/messages', anthropicBody(log))).text();
    expect(text).not.toMatch(/memory_search|headroom_retrieve/);
    expect(names(sent(from))).toEqual(['Bash', 'memory_save', 'memory_search', 'headroom_retrieve']);
    const [a, b] = sent(from + 1).messages.at(-1).content;
    expect(a.tool_use_id).toBe('toolu_s');
    expect(a.content).toContain(NOTE);
    expect(b).toEqual({ type: 'tool_result', tool_use_id: 'toolu_r', content: log });
  });
});

describe('the tool list with memory on', () => {
  it('is stable across a session; retrieval joins last; no tool of the client is duplicated or intercepted', async () => {
    upstream.script({ kind: 'json', body: { id: 'msg', type: 'message', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } } });
    const session = { 'x-headroom-session': 'mem-stable' };
    const from = upstream.requests.length;
    await (await post('/v1/messages', small(), session)).text();
    await (await post('/v1/messages', small(), session)).text();
    expect(JSON.stringify(sent(from + 1).tools)).toBe(JSON.stringify(sent(from).tools));
    await (await post('/v1/messages', anthropicBody(serviceLog(3000, 1999)), session)).text();
    await (await post('/v1/messages', small(), session)).text();
    expect(names(sent(from + 2))).toEqual(['Bash', 'memory_save', 'memory_search', 'headroom_retrieve']);
    expect(JSON.stringify(sent(from + 3).tools)).toBe(JSON.stringify(sent(from + 2).tools));

    // The client defines memory_save itself: only memory_search is added, and the client's calls reach the client.
    const own = small();
    own.tools.push({ name: 'memory_save', description: 'mine', input_schema: { type: 'object', properties: {} } });
    const events = anthropicToolTurn('Mine.', [{ name: 'memory_save', id: 'toolu_c', input: '{"text":"x"}' }]);
    upstream.script({ kind: 'sse', events });
    const at = upstream.requests.length;
    const text = await (await post('/v1/messages', own)).text();
    expect(names(sent(at))).toEqual(['Bash', 'memory_save', 'memory_search']);
    expect(text).toBe(events.join(''));
    expect(upstream.requests.length - at).toBe(1);
  });

  it('a proxy without memory offers nothing and forwards small requests byte for byte', async () => {
    upstream.script({ kind: 'json', body: { ok: true } });
    const raw = JSON.stringify(small());
    await (await fetch(`http://127.0.0.1:${plain.port}/v1/messages`, { method: 'POST', body: raw, headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } })).text();
    expect(upstream.requests.at(-1)!.body.toString()).toBe(raw);
  });

  it('x-headroom-bypass leaves the request alone even with memory on', async () => {
    upstream.script({ kind: 'json', body: { ok: true } });
    const raw = JSON.stringify(small());
    await (await fetch(`${base}/v1/messages`, { method: 'POST', body: raw, headers: { 'x-headroom-bypass': '1' } })).text();
    expect(upstream.requests.at(-1)!.body.toString()).toBe(raw);
  });
});
