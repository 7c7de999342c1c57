/** /metrics, /requests/:id/diff and the cache aligner, through the real proxy on a port in front of the fake upstream. */
import { describe, expect, it } from 'vitest';
import { anthropicBody, openaiChatBody, serviceLog } from '../fixtures/bodies.ts';
import { anthropicStream } from './fake-upstream.ts';
import { countTokens } from '../../src/tokens/count.ts';
import { useProxyStack } from './stack.ts';

const stack = useProxyStack();

const log = serviceLog(3000, 1999);
const last = () => stack.upstream.requests[stack.upstream.requests.length - 1]!;

interface Rec {
  id: string;
  provider: string;
  model?: string;
  status: number;
  tokensBefore: number;
  tokensAfter: number;
  prefix?: { status: string; spans: Span[] };
  tokenCount?: string;
}
interface Span { field: string; offset: number; length: number; kind: string; before?: string; after: string }

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(stack.base + path, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01', ...headers },
  });
  await res.text();
  return res;
}

/** Records are written when the answer ends; poll /stats until `n` are there (no timing assumptions). */
async function records(n: number): Promise<Rec[]> {
  for (let i = 0; i < 200; i++) {
    const stats = await (await fetch(`${stack.base}/stats?limit=200`)).json();
    if (stats.recent.length >= n) return stats.recent as Rec[];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${n} records`);
}
let count = 0;
async function send(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Rec> {
  const res = await post(path, body, headers);
  const recent = await records(++count);
  expect(recent[0]!.status).toBe(res.status);
  return recent[0]!;
}

/** Parses the exposition text strictly: every line is HELP, TYPE or `name{labels} value`. */
function parseMetrics(text: string): Map<string, number> {
  expect(text.endsWith('\n')).toBe(true);
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'histogram']).toContain(meta[3]);
        typed.add(meta[2]!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+]+|\+Inf|NaN)$/.exec(line);
    expect(m, line).not.toBeNull();
    expect([...typed].some((t) => m![1] === t || m![1]!.startsWith(`${t}_`)), `${line} has a TYPE`).toBe(true);
    samples.set(m![1]! + (m![2] ?? ''), Number(m![3]));
  }
  return samples;
}

describe('GET /metrics', () => {
  it('counts requests, our token savings and the provider usage buckets separately, with timing histograms', async () => {
    stack.upstream.script({ kind: 'sse', events: anthropicStream('timed out') });
    const a = await send('/v1/messages', anthropicBody(log));
    expect(a.tokensAfter).toBeLessThan(a.tokensBefore);
    stack.upstream.script({ kind: 'json', body: { id: 'c1', usage: { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 60 } } } });
    await send('/v1/chat/completions', openaiChatBody('short output'), { authorization: 'Bearer sk-o' });
    stack.upstream.script({ kind: 'raw', status: 429, body: '{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}', headers: { 'content-type': 'application/json' } });
    const small = await send('/v1/messages', anthropicBody('small'));

    const res = await fetch(`${stack.base}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = parseMetrics(await res.text());
    expect(m.get('headroom_requests_total{provider="anthropic",status="200"}')).toBe(1);
    expect(m.get('headroom_requests_total{provider="anthropic",status="429"}')).toBe(1);
    expect(m.get('headroom_requests_total{provider="openai-chat",status="200"}')).toBe(1);
    expect(m.get('headroom_tool_output_tokens_before_total{provider="anthropic"}')).toBe(a.tokensBefore + small.tokensBefore);
    expect(m.get('headroom_tool_output_tokens_after_total{provider="anthropic"}')).toBe(a.tokensAfter + small.tokensAfter);
    expect(m.get('headroom_compressed_requests_total{provider="anthropic"}')).toBe(1);
    const claude = '{provider="anthropic",model="claude-sonnet-4-5"}';
    expect(m.get(`headroom_provider_input_tokens_total${claude}`)).toBe(1200);
    expect(m.get(`headroom_provider_output_tokens_total${claude}`)).toBe(42);
    expect(m.get(`headroom_provider_cache_read_tokens_total${claude}`)).toBe(800);
    expect(m.get(`headroom_provider_cache_write_tokens_total${claude}`)).toBe(100);
    const gpt = '{provider="openai-chat",model="gpt-5"}';
    expect(m.get(`headroom_provider_input_tokens_total${gpt}`)).toBe(40); // 100 prompt tokens, 60 of them cached
    expect(m.get(`headroom_provider_cache_read_tokens_total${gpt}`)).toBe(60);
    expect(m.get('headroom_errors_total{provider="anthropic",kind="upstream"}')).toBe(1);
    for (const h of ['headroom_compression_duration_seconds', 'headroom_upstream_duration_seconds']) {
      expect(m.get(`${h}_count{provider="anthropic"}`)).toBe(2);
      expect(m.get(`${h}_bucket{provider="anthropic",le="+Inf"}`)).toBe(2);
      const buckets = [...m].filter(([k]) => k.startsWith(`${h}_bucket{provider="anthropic"`)).map(([, v]) => v);
      expect(buckets.length).toBeGreaterThan(5);
      expect(buckets).toEqual([...buckets].sort((x, y) => x - y)); // cumulative
      expect(m.get(`${h}_sum{provider="anthropic"}`)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('the record', () => {
  it('counts a long tool output exactly (in slices, after the answer), special-token strings included', async () => {
    const text = `${log}\nsaw <|endoftext|> in tokenizer.py\n${log}`;
    expect(text.length).toBeGreaterThan(64 * 1024); // past the one-call size: counted in slices
    stack.upstream.script({ kind: 'sse', events: anthropicStream('ok') });
    const r = await send('/v1/messages', anthropicBody(text));
    expect(r.status).toBe(200);
    expect(r.tokensBefore).toBe(countTokens(text));
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
    expect(r.tokenCount).toBeUndefined(); // exact
  });
});

describe('GET /requests/:id/diff', () => {
  it('shows each changed block as the client sent it and as it went upstream, with decisions and retrieval ids', async () => {
    stack.upstream.script({ kind: 'sse', events: anthropicStream('ok') });
    const body = anthropicBody(log);
    (body.messages[0]!.content[1] as { text: string }).text = 'Why did ord_8812 fail? (diff test)';
    const r = await send('/v1/messages', body);
    const sent: string = JSON.parse(last().body.toString()).messages[2].content[0].content;
    const d = await (await fetch(`${stack.base}/requests/${r.id}/diff`)).json();
    expect(d).toMatchObject({ id: r.id, provider: 'anthropic', model: 'claude-sonnet-4-5', status: 200, texts: 'kept', tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter });
    expect(d.blocks).toHaveLength(1);
    const b = d.blocks[0];
    expect(b).toMatchObject({ path: 'messages[2].content[0].content', toolName: 'Bash', changed: true, original: log, sent });
    expect(b.decisions.some((x: { outcome: string }) => x.outcome === 'applied')).toBe(true);
    expect(b.ids).toHaveLength(1);
    expect(sent).toContain(`id=${b.ids[0]}`);
  });

  it('shows a later turn reusing the bytes first sent, and no texts for a request with nothing to compress', async () => {
    stack.upstream.script({ kind: 'json', body: { id: 'm', usage: { input_tokens: 1, output_tokens: 1 } } });
    const body = anthropicBody(log);
    (body.messages[0]!.content[1] as { text: string }).text = 'Why did ord_8812 fail? (diff test)';
    const first = JSON.parse(last().body.toString()).messages[2].content[0].content;
    const turn2 = { ...body, messages: [...body.messages, { role: 'assistant', content: [{ type: 'text', text: 'It timed out.' }] }, { role: 'user', content: [{ type: 'text', text: 'thanks' }] }] };
    const r = await send('/v1/messages', turn2);
    const d = await (await fetch(`${stack.base}/requests/${r.id}/diff`)).json();
    expect(d.blocks[0]).toMatchObject({ changed: true, original: log, sent: first });
    expect(d.blocks[0].decisions[0].reason).toMatch(/sent before/);

    const plain = await send('/v1/messages', { model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(await (await fetch(`${stack.base}/requests/${plain.id}/diff`)).json()).toMatchObject({ id: plain.id, texts: 'none', blocks: [] });
  });

  it('answers 404 JSON for an unknown request id', async () => {
    const res = await fetch(`${stack.base}/requests/nope/diff`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/no request nope/);
  });
});

describe('cache aligner', () => {
  const system = (time: string, extra = '') =>
    `You are Claude Code.\nInstance 1b4e28ba-2fa1-11d2-883f-0016d3cca427\n${extra}Current time: ${time} (UTC)\nBe concise.`;
  const req = (sys: string, toolDesc = 'Run a command') => ({
    model: 'claude-x', max_tokens: 100,
    system: [{ type: 'text', text: 'x-billing: v1' }, { type: 'text', text: sys, cache_control: { type: 'ephemeral' } }],
    tools: [{ name: 'Bash', description: toolDesc, input_schema: { type: 'object' } }],
    messages: [{ role: 'user', content: 'hello' }],
  });

  it('flags a timestamp that changes in the system prompt, with its exact span, and never rewrites it', async () => {
    stack.upstream.script({ kind: 'json', body: { id: 'm', usage: { input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 500 } } });
    const s = { 'x-headroom-session': 'aligner-1' };
    expect((await send('/v1/messages', req(system('2026-11-25T08:00:00Z')), s)).prefix).toEqual({ status: 'first', spans: [] });
    const now = system('2026-11-25T08:05:17Z');
    const raw = JSON.stringify(req(now));
    const r = await send('/v1/messages', req(now), s);
    expect(last().body.toString()).toBe(raw); // detection only: forwarded byte-for-byte
    const at = now.indexOf('2026-11-25T08:05:17Z');
    expect(r.prefix).toEqual({
      status: 'changed',
      spans: [{
        field: 'system[1].text', offset: at, length: 20, kind: 'timestamp',
        before: '…6d3cca427\nCurrent time: 2026-11-25T08:00:00Z (UTC)\nBe concise.',
        after: '…6d3cca427\nCurrent time: 2026-11-25T08:05:17Z (UTC)\nBe concise.',
      }],
    });
    const stats = await (await fetch(`${stack.base}/stats`)).json();
    expect(stats.totals.prefix).toMatchObject({ volatile: 1, changed: 1 });
    expect(stats.totals.prefix.recent[0]).toMatchObject({ requestId: r.id, span: { field: 'system[1].text', kind: 'timestamp' } });
    expect(parseMetrics(await (await fetch(`${stack.base}/metrics`)).text()).get('headroom_prefix_volatile_requests_total{provider="anthropic"}')).toBe(1);
    // The diff endpoint carries the same report.
    expect((await (await fetch(`${stack.base}/requests/${r.id}/diff`)).json()).prefix.spans[0].kind).toBe('timestamp');
  });

  it('does not flag a stable prefix', async () => {
    const s = { 'x-headroom-session': 'aligner-2' };
    const body = req(system('2026-11-25T08:00:00Z'), 'Run a command. Today is 2026-11-25.');
    expect((await send('/v1/messages', body, s)).prefix?.status).toBe('first');
    expect((await send('/v1/messages', body, s)).prefix).toEqual({ status: 'stable', spans: [] });
    expect((await send('/v1/messages', body, s)).prefix).toEqual({ status: 'stable', spans: [] });
  });

  it('reports a date in a tool description and an edited line separately, pairing the lines around the edit', async () => {
    const s = { 'x-headroom-session': 'aligner-3' };
    await send('/v1/messages', req(system('2026-11-25T08:00:00Z'), 'Run a command. Today is 2026-11-25.'), s);
    const sys = system('2026-11-25T09:00:00Z', 'Project notes: use pnpm.\n');
    const r = await send('/v1/messages', req(sys, 'Run a command. Today is 2026-11-26.'), s);
    expect(r.prefix!.status).toBe('changed');
    expect(r.prefix!.spans.map((x) => [x.field, x.kind])).toEqual([
      ['tools[0].description', 'date'],
      ['system[1].text', 'edit'],
      ['system[1].text', 'timestamp'],
    ]);
    const [date, edit, ts] = r.prefix!.spans as [Span, Span, Span];
    expect(date).toMatchObject({ offset: 24, length: 10, before: 'Run a command. Today is 2026-11-25.', after: 'Run a command. Today is 2026-11-26.' });
    expect(edit).toMatchObject({ offset: sys.indexOf('Project notes'), length: 'Project notes: use pnpm.'.length });
    expect(edit.before).toBeUndefined();
    expect(ts.offset).toBe(sys.indexOf('2026-11-25T09:00:00Z'));
  });

  it('keeps sessions and side requests apart', async () => {
    await send('/v1/messages', req(system('2026-11-25T08:00:00Z')), { 'x-headroom-session': 'aligner-4' });
    // Another session, and a side request of the same session with another model: both compared with nothing yet.
    expect((await send('/v1/messages', req(system('2026-11-25T10:00:00Z')), { 'x-headroom-session': 'aligner-5' })).prefix?.status).toBe('first');
    expect((await send('/v1/messages', { ...req(system('2026-11-25T10:00:00Z')), model: 'claude-haiku' }, { 'x-headroom-session': 'aligner-4' })).prefix?.status).toBe('first');
  });
});
