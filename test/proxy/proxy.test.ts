/** The gateway on a real port in front of a scripted upstream on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import { anthropicBody, openaiChatBody, responsesBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream, sse, startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';

let upstream: FakeUpstream;
let proxy: Awaited<ReturnType<typeof serveNode>>;
let base: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await serveNode({
    port: 0, store: 'memory', logLevel: 'silent',
    config: { upstreams: { anthropic: upstream.url, openai: upstream.url }, maxBodyBytes: 8 * 1024 * 1024 },
  });
  base = `http://127.0.0.1:${proxy.port}`;
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

const log = serviceLog(3000, 1999);
const last = () => upstream.requests[upstream.requests.length - 1]!;

async function post(path: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(base + path, { method: 'POST', body, signal, headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01', ...headers } });
}

describe('passthrough', () => {
  it('forwards a body with nothing to compress byte-for-byte (odd formatting included)', async () => {
    upstream.script({ kind: 'json', body: { id: 'msg_1', usage: { input_tokens: 10, output_tokens: 2 } } });
    const raw = '{ "model":"claude-x",  "max_tokens": 1.0e3, "messages":[{"role":"user","content":"caf\\u00e9 \\ud83c\\udf89"}] }';
    const res = await post('/v1/messages?beta=true', raw);
    expect(res.status).toBe(200);
    expect(last().path).toBe('/v1/messages?beta=true');
    expect(last().body.toString('utf8')).toBe(raw);
  });

  it('forwards invalid JSON untouched and returns the upstream error as is', async () => {
    upstream.script({ kind: 'raw', status: 400, body: '{"type":"error","error":{"type":"invalid_request_error","message":"bad json"}}', headers: { 'content-type': 'application/json' } });
    const res = await post('/v1/messages', '{"model": oops');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'bad json' } });
    expect(last().body.toString()).toBe('{"model": oops');
  });

  it('passes other paths and methods through, with auth and provider headers, minus hop-by-hop and x-headroom-*', async () => {
    upstream.script({ kind: 'json', body: { data: [{ id: 'claude-x' }] }, headers: { 'anthropic-ratelimit-requests-remaining': '99' } });
    const res = await fetch(`${base}/v1/models?limit=5`, { headers: { 'x-api-key': 'sk-test', 'anthropic-beta': 'b1', 'x-headroom-bypass': '1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('anthropic-ratelimit-requests-remaining')).toBe('99');
    expect(last()).toMatchObject({ method: 'GET', path: '/v1/models?limit=5' });
    expect(last().headers['x-api-key']).toBe('sk-test');
    expect(last().headers['anthropic-beta']).toBe('b1');
    expect(last().headers['x-headroom-bypass']).toBeUndefined();
    const head = await fetch(`${base}/api/hello`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(last()).toMatchObject({ method: 'HEAD', path: '/api/hello' });
  });

  it('passes Responses retrieval, deletion and compaction through to the OpenAI upstream untouched', async () => {
    upstream.script({ kind: 'json', body: { id: 'resp_1', status: 'completed' } });
    const auth = { authorization: 'Bearer sk-o' };
    expect((await fetch(`${base}/v1/responses/resp_1?include=usage`, { headers: auth })).status).toBe(200);
    expect(last()).toMatchObject({ method: 'GET', path: '/v1/responses/resp_1?include=usage' });
    expect((await fetch(`${base}/v1/responses/resp_1`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect(last()).toMatchObject({ method: 'DELETE', path: '/v1/responses/resp_1' });
    const compact = JSON.stringify({ model: 'gpt-5', input: [{ type: 'function_call_output', call_id: 'c', output: log }] });
    await fetch(`${base}/v1/responses/compact`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: compact });
    expect(last().path).toBe('/v1/responses/compact');
    expect(last().body.toString()).toBe(compact);
  });

  it('keeps upstream error statuses and bodies (429 with retry-after)', async () => {
    upstream.script({ kind: 'raw', status: 429, body: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}', headers: { 'retry-after': '7', 'content-type': 'application/json' } });
    const res = await post('/v1/messages', JSON.stringify(anthropicBody('small')));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await res.json()).error.message).toBe('slow down');
  });

  it('answers 502 JSON when the upstream cannot be reached', async () => {
    const lonely = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams: { anthropic: 'http://127.0.0.1:9', openai: 'http://127.0.0.1:9' } } });
    const res = await fetch(`http://127.0.0.1:${lonely.port}/v1/messages`, { method: 'POST', body: '{}' });
    await lonely.close();
    expect(res.status).toBe(502);
    expect((await res.json()).error.message).toMatch(/^headroom proxy: could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it('refuses bodies over the limit with 413 JSON', async () => {
    const res = await post('/v1/messages', 'x'.repeat(9 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect((await res.json()).error.type).toBe('request_too_large');
  });
});

describe('compression', () => {
  it('compresses the live tool_result of an Anthropic request and streams the SSE answer through unchanged', async () => {
    const events = anthropicStream('The charge timed out.');
    upstream.script({ kind: 'sse', events, delayMs: 5 });
    const body = anthropicBody(log);
    const res = await post('/v1/messages?beta=true', JSON.stringify(body));
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('request-id')).toBe('req_fake_1');
    expect(await res.text()).toBe(events.join(''));
    const sent = JSON.parse(last().body.toString());
    const text: string = sent.messages[2].content[0].content;
    expect(text.length).toBeLessThan(log.length / 5);
    expect(text).toContain('charge failed: upstream timeout after 30000ms (order=ord_8812)');
    const id = /id=([0-9a-f]{32})\]/.exec(text)![1]!;
    sent.messages[2].content[0].content = log;
    // The markers make the gateway append its retrieval tool (last, so the client's tools keep their order).
    expect(sent.tools.pop().name).toBe('headroom_retrieve');
    expect(JSON.stringify(sent)).toBe(JSON.stringify(body)); // nothing else changed
    const back = await fetch(`${base}/v1/retrieve/${id}`);
    expect(await back.text()).toBe(log);
  });

  it('aborts the upstream request when the client disconnects mid-stream, and cuts a cut stream for the client', async () => {
    const many = Array.from({ length: 200 }, (_, i) => sse('ping', { type: 'ping', i }));
    upstream.script({ kind: 'sse', events: many, delayMs: 10 });
    const before = upstream.cancelled;
    const ac = new AbortController();
    const res = await post('/v1/messages', JSON.stringify(anthropicBody('small')), {}, ac.signal);
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await expect.poll(() => upstream.cancelled, { timeout: 5000 }).toBeGreaterThan(before);

    upstream.script({ kind: 'sse', events: anthropicStream('partial'), cutAfter: 3 });
    const cut = await post('/v1/messages', JSON.stringify(anthropicBody('small')));
    await expect(cut.text()).rejects.toThrow();
  });

  it('records tokens saved and the provider usage separately in /stats', async () => {
    const stats = await (await fetch(`${base}/stats`)).json();
    const r = stats.recent.find((x: { provider: string; tokensBefore: number }) => x.provider === 'anthropic' && x.tokensBefore > 0);
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
    expect(r.usage).toEqual({ input: 1200, output: 42, cacheRead: 800, cacheWrite: 100 });
    expect(r.completed).toBe(true);
    expect(stats.totals.requests).toBeGreaterThan(0);
  });

  it('compresses OpenAI Chat and Responses tool output', async () => {
    upstream.script({ kind: 'json', body: { id: 'c1', usage: { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 60 } } } });
    await post('/v1/chat/completions', JSON.stringify(openaiChatBody(log)), { authorization: 'Bearer sk-o' });
    expect(JSON.parse(last().body.toString()).messages[3].content.length).toBeLessThan(log.length / 5);
    expect(last().headers.authorization).toBe('Bearer sk-o');
    upstream.script({ kind: 'sse', events: [sse('response.completed', { type: 'response.completed', response: { usage: { input_tokens: 50, output_tokens: 3, input_tokens_details: { cached_tokens: 0 } } } })] });
    await (await post('/v1/responses', JSON.stringify(responsesBody(log)))).text();
    const sent = JSON.parse(last().body.toString());
    expect(sent.input[6].output.length).toBeLessThan(log.length / 5);
  });

  it('skips compression with x-headroom-bypass: 1', async () => {
    upstream.script({ kind: 'json', body: { ok: true } });
    const raw = JSON.stringify(anthropicBody(log));
    await post('/v1/messages', raw, { 'x-headroom-bypass': '1' });
    expect(last().body.toString()).toBe(raw);
  });

  it('returns 404 JSON for an unknown retrieval id', async () => {
    const res = await fetch(`${base}/v1/retrieve/${'a'.repeat(32)}`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/no original stored/);
  });
});
