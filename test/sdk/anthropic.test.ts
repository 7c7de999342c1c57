/** `withHeadroom(new Anthropic())` against the fake upstream: create, stream, multi-turn cache safety, errors. */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { withHeadroom } from '../../src/index.ts';
import { anthropicMessage, anthropicSse } from '../e2e/replies.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { LOG, expectCompressed, lastBody } from './helpers.ts';

let up: FakeUpstream;
beforeAll(async () => { up = await startFakeUpstream(); });
afterAll(async () => { await up.close(); });
beforeEach(() => { up.requests.length = 0; });

const raw = () => new Anthropic({ baseURL: up.url, apiKey: 'sk-ant-test', maxRetries: 0 });

const tools = [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } }];
const turn1: Anthropic.MessageParam[] = [
  { role: 'user', content: 'What failed in the worker log?' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'cat worker.log' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: LOG }] },
];
const params = (messages = turn1) => ({ model: 'claude-test', max_tokens: 256, tools, messages });
type Block = { type: string; content?: unknown };
const toolResult = (body: Record<string, unknown>, i = 2) => ((body.messages as { content: Block[] }[])[i]!.content[0]!).content;

describe('withHeadroom(Anthropic)', () => {
  it('keeps the client type', () => {
    expectTypeOf(withHeadroom(raw())).toEqualTypeOf<Anthropic>();
  });

  it('messages.create: the upstream gets the tool output compressed; the SDK returns the upstream answer', async () => {
    const answer = anthropicMessage([{ type: 'text', text: 'worker 7 ran out of memory' }], 'claude-test');
    up.script({ kind: 'json', body: answer });
    const client = withHeadroom(raw());
    const msg = await client.messages.create(params());
    expect(msg).toEqual(answer);
    const sent = lastBody(up);
    expectCompressed(toolResult(sent));
    // everything else as the SDK built it
    expect({ ...sent, raw: undefined, messages: (sent.messages as unknown[]).slice(0, 2) }).toEqual({ ...params(), raw: undefined, messages: turn1.slice(0, 2) });
    expect(up.requests[0]!.path).toBe('/v1/messages');
  });

  it('messages.stream: compressed request, events and final message intact', async () => {
    up.script({ kind: 'sse', events: anthropicSse([{ type: 'text', text: 'worker 7 crashed' }], 'claude-test') });
    const client = withHeadroom(raw());
    const stream = client.messages.stream(params());
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const final = await stream.finalMessage();
    expect(final.content.map((b) => (b.type === 'text' ? b.text : b.type))).toEqual(['worker 7 crashed']);
    expect(deltas.join('')).toBe('worker 7 crashed');
    const sent = lastBody(up);
    expect(sent.stream).toBe(true);
    expectCompressed(toolResult(sent));
  });

  it('create({ stream: true }) yields the upstream events', async () => {
    up.script({ kind: 'sse', events: anthropicSse([{ type: 'text', text: 'ok' }], 'claude-test') });
    const events: string[] = [];
    for await (const ev of await withHeadroom(raw()).messages.create({ ...params(), stream: true })) events.push(ev.type);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expectCompressed(toolResult(lastBody(up)));
  });

  it('multi-turn: the next turn resends the very same compressed bytes (prompt cache keeps hitting)', async () => {
    up.script({ kind: 'json', body: anthropicMessage([{ type: 'text', text: 'ok' }], 'claude-test') });
    const client = withHeadroom(raw());
    await client.messages.create(params());
    const first = toolResult(lastBody(up));
    const turn2: Anthropic.MessageParam[] = [...turn1, { role: 'assistant', content: 'worker 7 crashed.' }, { role: 'user', content: 'And which request was it, exactly? Show me the lines around it.' }];
    await client.messages.create(params(turn2));
    expect(toolResult(lastBody(up))).toBe(first);
  });

  it('nothing to compress: the exact bytes the SDK built go out', async () => {
    up.script({ kind: 'json', body: anthropicMessage([{ type: 'text', text: 'hi' }], 'claude-test') });
    const small = params([{ role: 'user', content: 'hello' }]);
    await raw().messages.create(small);
    await withHeadroom(raw()).messages.create(small);
    expect(up.requests[1]!.body.equals(up.requests[0]!.body)).toBe(true);
  });

  it('errors stay the SDK\'s typed errors', async () => {
    up.script({ kind: 'json', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } } });
    const err = await withHeadroom(raw()).messages.create(params()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as { status: number }).status).toBe(400);
    expect((err as Error).message).toContain('max_tokens: too large');
    expectCompressed(toolResult(lastBody(up)));
  });

  it('uses the client\'s own fetch and reports stats', async () => {
    up.script({ kind: 'json', body: anthropicMessage([{ type: 'text', text: 'hi' }], 'claude-test') });
    const seen: string[] = [];
    const client = new Anthropic({ baseURL: up.url, apiKey: 'k', maxRetries: 0, fetch: (input, init) => { seen.push(String(input)); return fetch(input, init); } });
    const stats: number[] = [];
    await withHeadroom(client, { onCompress: (s) => stats.push(s.tokensBefore - s.tokensAfter) }).messages.create(params());
    expect(seen).toEqual([`${up.url}/v1/messages`]);
    expect(stats).toHaveLength(1);
    expect(stats[0]).toBeGreaterThan(0);
  });
});
