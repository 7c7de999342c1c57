/**
 * Streams through the retrieval loop stay the upstream's bytes: comments, `retry:`, CRLF/CR endings, spacing and
 * any chunking survive until the model calls headroom_retrieve, and whole streams that never call it are identical.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { contentId } from '../../src/ccr/id.ts';
import { anthropicBody, openaiChatBody, responsesBody, serviceLog } from '../fixtures/bodies.ts';
import { type FakeUpstream } from './fake-upstream.ts';
import { useProxyStack, type ProxyStack } from './stack.ts';
import { anthropicFinal, anthropicToolTurn, chatFinal, chatToolTurn, responsesEvents, responsesFinal, responsesToolTurn, retrieveInput } from './retrieval-replies.ts';

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
const headers = () => ({ 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01', authorization: 'Bearer k', 'x-headroom-session': `raw${++session}` });
async function post(path: string, body: unknown): Promise<string> {
  const res = await fetch(base + path, { method: 'POST', body: JSON.stringify(body), headers: headers() });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer()).toString('latin1');
}
const bytes = (s: string) => Buffer.from(s).toString('latin1');

/**
 * The scripted LF events as another server might send them: `eol` line endings, a `retry:` line on the first
 * event, a `: ping` comment between events, no space after `data:` on every other event, a comment inside one.
 */
function dress(events: string[], eol: string): string[] {
  return events.map((e, i) => {
    let out = e.replace(/\n/g, eol);
    if (i % 2 === 1) out = out.replace(/^data: /m, 'data:');
    if (i === 0) out = `retry: 3000${eol}${out}`;
    if (i === 2) out = `: inside${eol}${out}`;
    return i === 0 ? out : `: ping${eol}${eol}${out}`;
  });
}

/** Cuts the text into chunks of the given sizes, cycling (1 byte cuts CRLF pairs and events apart). */
function rechunk(text: string, sizes: number[]): string[] {
  const out: string[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(text.slice(at, at + size));
    at += size;
  }
  return out;
}

const SHAPES: { name: string; eol: string; sizes: number[] }[] = [
  { name: 'CRLF, events cut into small chunks', eol: '\r\n', sizes: [1, 2, 3, 5, 8, 13, 21, 34] },
  { name: 'LF, several events per chunk', eol: '\n', sizes: [700] },
  { name: 'CR, mixed chunk sizes', eol: '\r', sizes: [7, 1, 90] },
];

/** A Chat turn whose headroom_retrieve call is followed by a client tool call in the same turn. */
function chatMixed(): string[] {
  const turn = chatToolTurn('Two things. ', id);
  const shell = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-5', usage: null,
    choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_s', type: 'function', function: { name: 'shell', arguments: '{"cmd":"ls"}' } }] }, finish_reason: null }] };
  return [...turn.slice(0, 5), `data: ${JSON.stringify(shell)}\n\n`, ...turn.slice(5)];
}

const PROVIDERS = [
  { name: 'Anthropic', path: '/v1/messages', body: () => anthropicBody(log), final: () => anthropicFinal('Done — all good.'), callAt: 4,
    turn: () => anthropicToolTurn('Let me read the whole log.', [{ name: 'headroom_retrieve', id: 'toolu_r1', input: retrieveInput(id) }]),
    mixed: () => anthropicToolTurn('Two things.', [{ name: 'headroom_retrieve', id: 'toolu_r', input: retrieveInput(id) }, { name: 'Bash', id: 'toolu_b', input: '{"command":"ls"}' }]) },
  { name: 'OpenAI Chat', path: '/v1/chat/completions', body: () => ({ ...openaiChatBody(log), stream_options: { include_usage: true } }), final: () => chatFinal('Done — all good.'), callAt: 2,
    turn: () => chatToolTurn('Checking the log. ', id), mixed: chatMixed },
  { name: 'OpenAI Responses', path: '/v1/responses', body: () => responsesBody(log), final: () => responsesFinal('Done — all good.'), callAt: 8,
    turn: () => responsesToolTurn('Let me check.', id),
    mixed: () => responsesEvents('resp_m', [{ kind: 'message', text: 'Two things.' }, { kind: 'call', name: 'headroom_retrieve', args: retrieveInput(id) }, { kind: 'call', name: 'shell', args: '{}' }], { input_tokens: 1, output_tokens: 1, total_tokens: 2 }) },
];

describe.each(PROVIDERS)('$name through the retrieval loop', (p) => {
  it.each(SHAPES)('a stream without a call is byte-identical ($name)', async (shape) => {
    const from = upstream.requests.length;
    const wire = dress(p.final(), shape.eol).join('');
    upstream.script({ kind: 'sse', events: rechunk(wire, shape.sizes) });
    const out = await post(p.path, p.body());
    expect(JSON.stringify(JSON.parse(upstream.requests[from]!.body.toString()).tools)).toContain('headroom_retrieve');
    expect(out).toBe(bytes(wire));
  });

  it.each(SHAPES)('everything before the call is byte-identical, and the rest keeps comments and line endings ($name)', async (shape) => {
    const from = upstream.requests.length;
    const first = dress(p.turn(), shape.eol);
    const second = dress(p.final(), shape.eol);
    upstream.script({ kind: 'sse', events: rechunk(first.join(''), shape.sizes) }, { kind: 'sse', events: rechunk(second.join(''), shape.sizes) });
    const out = await post(p.path, p.body());
    expect(upstream.requests.length - from).toBe(2);
    expect(out.startsWith(bytes(first.slice(0, p.callAt).join('')))).toBe(true);
    expect(out).not.toContain('headroom_retrieve');
    const comments = (s: string) => s.split(`: ping${shape.eol}${shape.eol}`).length - 1;
    expect(comments(out)).toBe(comments(first.join('')) + comments(second.join('')));
    // Rewritten events (renumbered, merged usage) end their lines like the upstream's.
    const endings = new Set(out.match(/\r\n|\r|\n/g));
    expect(endings).toEqual(new Set([shape.eol]));
  });

  it.each(SHAPES)('a turn that also calls a client tool is passed through byte-identical ($name)', async (shape) => {
    const from = upstream.requests.length;
    const wire = dress(p.mixed(), shape.eol).join('');
    upstream.script({ kind: 'sse', events: rechunk(wire, shape.sizes) });
    const out = await post(p.path, p.body());
    expect(upstream.requests.length - from).toBe(1);
    // Comment blocks are never held: while our call's events wait, keepalives go ahead of them.
    const ping = `: ping${shape.eol}${shape.eol}`;
    expect(out.split(ping).length).toBe(wire.split(ping).length);
    expect(out.replaceAll(ping, '')).toBe(bytes(wire.replaceAll(ping, '')));
  });
});
