/** The gateway answers headroom_retrieve itself (Anthropic): streaming and JSON, session-stable tool list, limits. */
import { beforeAll, describe, expect, it } from 'vitest';
import { contentId } from '../../src/ccr/id.ts';
import { anthropicBody, serviceLog } from '../fixtures/bodies.ts';
import { sse, type FakeUpstream } from './fake-upstream.ts';
import { useProxyStack, type ProxyStack } from './stack.ts';
import { anthropicFinal, anthropicToolTurn, parseSse, retrieveInput } from './retrieval-replies.ts';

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
function post(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${base}/v1/messages`, {
    method: 'POST', body: JSON.stringify(body), signal,
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01', 'x-headroom-session': `t${++session}`, ...headers },
  });
}
const sent = (i: number) => JSON.parse(upstream.requests[i]!.body.toString());
const toolNames = (b: { tools?: { name: string }[] }) => b.tools?.map((t) => t.name);

describe('Anthropic streaming', () => {
  it('answers headroom_retrieve in the gateway and streams one coherent message', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Let me read the whole log.', [{ name: 'headroom_retrieve', id: 'toolu_r1', input: retrieveInput(id) }]) },
      { kind: 'sse', events: anthropicFinal('The charge timed out (order ord_8812).') },
    );
    const res = await post(anthropicBody(log));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('headroom_retrieve');
    const events = parseSse(text);
    expect(events.filter((e) => e.event === 'message_start')).toHaveLength(1);
    expect(events.filter((e) => e.event === 'message_stop')).toHaveLength(1);
    expect(events.at(-1)!.event).toBe('message_stop');
    expect(events[0]!.data.message.id).toBe('msg_1');
    const starts = events.filter((e) => e.event === 'content_block_start').map((e) => e.data.index);
    expect(starts).toEqual([0, 1]);
    const deltas = events.filter((e) => e.event === 'content_block_delta').map((e) => [e.data.index, e.data.delta.text]);
    expect(deltas).toEqual([[0, 'Let me read the whole log.'], [1, 'The charge timed out (order ord_8812).']]);
    const final = events.find((e) => e.event === 'message_delta')!.data;
    expect(final.delta.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ input_tokens: 4000, output_tokens: 50, cache_read_input_tokens: 1400, cache_creation_input_tokens: 40 });

    expect(upstream.requests.length - from).toBe(2);
    const first = sent(from);
    expect(toolNames(first)).toEqual(['Bash', 'headroom_retrieve']);
    expect(first.messages[2].content[0].content).toContain(`id=${id}]`);
    const cont = sent(from + 1);
    expect(cont.tools).toEqual(first.tools);
    expect(cont.messages.slice(0, 3)).toEqual(first.messages);
    expect(cont.messages[3]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Let me read the whole log.' }, { type: 'tool_use', id: 'toolu_r1', name: 'headroom_retrieve', input: { id } }],
    });
    expect(cont.messages[4]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_r1', content: log }] });
    expect(upstream.requests[from + 1]!.headers['x-api-key']).toBe('sk-test');
  });

  it('answers an unknown id with an is_error tool_result', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Checking.', [{ name: 'headroom_retrieve', id: 'toolu_x', input: retrieveInput('f'.repeat(32)) }]) },
      { kind: 'sse', events: anthropicFinal('That output is gone.') },
    );
    await (await post(anthropicBody(log))).text();
    const result = sent(from + 1).messages[4].content[0];
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_x', is_error: true });
    expect(result.content).toMatch(/no original stored under id f{32}/);
  });

  it('does not intercept when the model also calls a client tool in the same turn', async () => {
    const from = upstream.requests.length;
    const events = anthropicToolTurn('Two things.', [
      { name: 'headroom_retrieve', id: 'toolu_r', input: retrieveInput(id) },
      { name: 'Bash', id: 'toolu_b', input: '{"command":"ls"}' },
    ]);
    upstream.script({ kind: 'sse', events });
    const text = await (await post(anthropicBody(log))).text();
    expect(text).toBe(events.join(''));
    expect(upstream.requests.length - from).toBe(1);
  });

  it('stops after three continuations and passes the fourth call through', async () => {
    const from = upstream.requests.length;
    const call = (n: number) => ({ kind: 'sse' as const, events: anthropicToolTurn(`Round ${n}.`, [{ name: 'headroom_retrieve', id: `toolu_${n}`, input: retrieveInput(id) }]) });
    upstream.script(call(1), call(2), call(3), call(4));
    const events = parseSse(await (await post(anthropicBody(log))).text());
    expect(upstream.requests.length - from).toBe(4);
    expect(events.filter((e) => e.event === 'message_start')).toHaveLength(1);
    const starts = events.filter((e) => e.event === 'content_block_start');
    expect(starts.map((e) => e.data.index)).toEqual([0, 1, 2, 3, 4]);
    expect(starts.map((e) => e.data.content_block.type)).toEqual(['text', 'text', 'text', 'text', 'tool_use']);
    expect(starts[4]!.data.content_block.name).toBe('headroom_retrieve');
    expect(events.find((e) => e.event === 'message_delta')!.data.delta.stop_reason).toBe('tool_use');
    expect(sent(from + 3).messages).toHaveLength(3 + 6);
  });

  it('ends the stream with an Anthropic error event when the continuation fails', async () => {
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Let me look.', [{ name: 'headroom_retrieve', id: 'toolu_r', input: retrieveInput(id) }]) },
      { kind: 'raw', status: 529, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', headers: { 'content-type': 'application/json' } },
    );
    const events = parseSse(await (await post(anthropicBody(log))).text());
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(events.some((e) => e.event === 'message_stop' || e.event === 'message_delta')).toBe(false);
  });

  it('aborts the upstream continuation when the client disconnects', async () => {
    const slow = anthropicFinal('x');
    const drip = [...slow.slice(0, 4), ...Array.from({ length: 200 }, () => sse('ping', { type: 'ping' })), ...slow.slice(4)];
    upstream.script(
      { kind: 'sse', events: anthropicToolTurn('Let me look.', [{ name: 'headroom_retrieve', id: 'toolu_r', input: retrieveInput(id) }]) },
      { kind: 'sse', events: drip, delayMs: 20 },
    );
    const before = upstream.cancelled;
    const ac = new AbortController();
    const res = await post(anthropicBody(log), {}, ac.signal);
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('event: ping')) seen += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    await expect.poll(() => upstream.cancelled, { timeout: 5000 }).toBeGreaterThan(before);
  });
});

describe('Anthropic non-streaming', () => {
  it('runs the loop and returns one JSON message with merged content and summed usage', async () => {
    const from = upstream.requests.length;
    upstream.script(
      { kind: 'json', body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'tool_use', stop_sequence: null,
        content: [{ type: 'text', text: 'Let me read it.' }, { type: 'tool_use', id: 'toolu_j', name: 'headroom_retrieve', input: { id } }],
        usage: { input_tokens: 1000, output_tokens: 30, cache_read_input_tokens: 500, cache_creation_input_tokens: 0 } } },
      { kind: 'json', body: { id: 'msg_2', type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'end_turn', stop_sequence: null,
        content: [{ type: 'text', text: 'It timed out.' }],
        usage: { input_tokens: 3000, output_tokens: 20, cache_read_input_tokens: 900, cache_creation_input_tokens: 40 } } },
    );
    const res = await post({ ...anthropicBody(log), stream: false });
    expect(res.status).toBe(200);
    const msg = await res.json();
    expect(msg).toMatchObject({ id: 'msg_1', stop_reason: 'end_turn', content: [{ type: 'text', text: 'Let me read it.' }, { type: 'text', text: 'It timed out.' }] });
    expect(msg.usage).toEqual({ input_tokens: 4000, output_tokens: 50, cache_read_input_tokens: 1400, cache_creation_input_tokens: 40 });
    expect(sent(from + 1).messages[4].content[0]).toEqual({ type: 'tool_result', tool_use_id: 'toolu_j', content: log });
  });
});

describe('the tool list', () => {
  it('stays stable across a session and is never added without tools or markers', async () => {
    upstream.script({ kind: 'json', body: { id: 'msg', type: 'message', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } } });
    const small = anthropicBody('total 0\n');
    const headers = { 'x-headroom-session': 'stable-session' };
    const from = upstream.requests.length;
    // 1. No markers, fresh session: untouched, byte for byte.
    const raw = JSON.stringify(small);
    await (await fetch(`${base}/v1/messages`, { method: 'POST', body: raw, headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', ...headers } })).text();
    expect(upstream.requests[from]!.body.toString()).toBe(raw);
    // 2. Markers: offered, at the end.
    await (await post(anthropicBody(log), headers)).text();
    expect(toolNames(sent(from + 1))).toEqual(['Bash', 'headroom_retrieve']);
    // 3. Same session, no markers, a tool list: still offered, in the same place and bytes.
    await (await post(small, headers)).text();
    expect(toolNames(sent(from + 2))).toEqual(['Bash', 'headroom_retrieve']);
    expect(JSON.stringify(sent(from + 2).tools)).toBe(JSON.stringify(sent(from + 1).tools));
    // 4. Same session, no tools array and no markers: nothing added, no empty tools.
    const { tools: _, ...noTools } = small;
    await (await post(noTools, headers)).text();
    expect('tools' in sent(from + 3)).toBe(false);
    // 5. Other session, no markers: not offered.
    await (await post(small, { 'x-headroom-session': 'other' })).text();
    expect(toolNames(sent(from + 4))).toEqual(['Bash']);
    // 6. Markers but no tools array: a tools array with only ours; never twice.
    const { tools: __, ...markedNoTools } = anthropicBody(log);
    await (await post(markedNoTools)).text();
    expect(toolNames(sent(from + 5))).toEqual(['headroom_retrieve']);
    const already = anthropicBody(log);
    already.tools.push({ name: 'headroom_retrieve', description: 'mine', input_schema: { type: 'object', properties: {} } });
    await (await post(already)).text();
    expect(toolNames(sent(from + 6))).toEqual(['Bash', 'headroom_retrieve']);
  });

  it('bypass requests are left alone', async () => {
    upstream.script({ kind: 'json', body: { ok: true } });
    const raw = JSON.stringify(anthropicBody(log));
    await (await fetch(`${base}/v1/messages`, { method: 'POST', body: raw, headers: { 'x-headroom-bypass': '1', 'x-headroom-session': 'stable-session' } })).text();
    expect(upstream.requests.at(-1)!.body.toString()).toBe(raw);
  });
});
