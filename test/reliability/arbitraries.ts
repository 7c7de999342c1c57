/**
 * fast-check generators of hostile request bodies for each provider shape: valid bodies with tool output worth
 * compressing, then every way a client (or a bug in one) can get a body wrong — malformed JSON, wrong types in
 * known fields, invalid UTF-8, lone surrogates, 10,000-deep nesting, huge arrays, binary/base64 blobs, unknown
 * block types, empty content, duplicate tool ids. Big strings come from a seeded PRNG, not from fast-check, so a
 * run of 10,000 stays fast and every case is reproducible from the run's seed.
 */
import fc from 'fast-check';
import type { ProviderName } from '../../src/providers/types.ts';

export const SHAPES: readonly ProviderName[] = ['anthropic', 'openai-chat', 'openai-responses'];
export const PATHS: Record<ProviderName, string> = {
  anthropic: '/v1/messages', 'openai-chat': '/v1/chat/completions', 'openai-responses': '/v1/responses',
};

export type CaseKind =
  | 'valid' | 'wrong-type' | 'unknown-block' | 'empty-content' | 'duplicate-ids' | 'malformed-json' | 'invalid-utf8'
  | 'lone-surrogate' | 'deep-nesting' | 'huge-array' | 'base64-blob' | 'not-an-object';

export interface BodyCase {
  kind: CaseKind;
  bytes: Uint8Array<ArrayBuffer>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** mulberry32: tiny, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN'];

/** Tool output of a kind the compressors care about, sized by `lines`. */
function toolText(seed: number, lines: number): string {
  const r = prng(seed);
  const pick = Math.floor(r() * 6);
  const out: string[] = [];
  const n = Math.max(1, lines);
  for (let i = 0; i < n; i++) {
    const v = Math.floor(r() * 10_000);
    switch (pick) {
      case 0: out.push(`2026-01-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, '0')}:00Z ${LEVELS[v % 5]} svc-${v % 7} handled request ${v} in ${v % 97}ms`); break;
      case 1: out.push(`src/mod${v % 13}/file${v % 29}.ts:${i + 1}:  const value${v} = compute(${v}); // TODO`); break;
      case 2: out.push(JSON.stringify({ id: i, name: `item-${v}`, status: v % 50 === 0 ? 'error' : 'ok', latency_ms: v % 300 })); break;
      case 3: out.push(`${i % 3 === 0 ? '+' : i % 3 === 1 ? '-' : ' '}  line ${v} of the patch`); break;
      case 4: out.push(`The service processed ${v} orders; none failed, and the queue was never empty at step ${i}.`); break;
      default: out.push(`def handler_${v}(request):\n    return respond(${v})\n`); break;
    }
  }
  return pick === 2 && r() < 0.5 ? `[${out.join(',\n')}]` : `${out.join('\n')}\n`;
}

/** Base64 of `bytes` pseudo-random bytes (an image or a binary file read by a tool). */
function base64Blob(seed: number, bytes: number): string {
  const r = prng(seed);
  const buf = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = Math.floor(r() * 256);
  return Buffer.from(buf).toString('base64');
}

const LONE = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b'];

/** A tool output: mostly compressible text, sometimes tiny, binary, lone surrogates or block arrays. */
const outputArb = fc.record({
  seed: fc.integer(),
  lines: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 40, max: 160 }) }),
  extra: fc.string({ unit: 'grapheme', maxLength: 20 }),
});

interface Parts {
  ids: string[];
  outputs: (string | Json[])[];
  user: string;
  model: Json;
  stream: boolean;
}

const partsArb: fc.Arbitrary<Parts> = fc.record({
  outputs: fc.array(outputArb, { minLength: 0, maxLength: 3 }),
  user: fc.string({ maxLength: 40 }),
  model: fc.constantFrom<Json>('claude-sonnet-4-5', 'gpt-5', ''),
  stream: fc.boolean(),
  blocks: fc.boolean(),
}).map(({ outputs, user, model, stream, blocks }) => ({
  ids: outputs.map((_, i) => `call_${i}`),
  outputs: outputs.map((o, i) => {
    const text = toolText(o.seed, o.lines) + o.extra;
    return blocks && i === 0 ? [{ type: 'text', text }, { type: 'text', text: o.extra }] : text;
  }),
  user, model, stream,
}));

/** A well-formed body of `shape` holding the tool outputs. */
export function buildBody(shape: ProviderName, p: Parts): { [k: string]: Json } {
  if (shape === 'anthropic') {
    return {
      model: p.model, max_tokens: 1024, stream: p.stream,
      system: [{ type: 'text', text: 'You are a coding agent.' }],
      messages: [
        { role: 'user', content: p.user },
        ...p.ids.flatMap((id, i): Json[] => [
          { role: 'assistant', content: [{ type: 'tool_use', id, name: i % 2 ? 'Bash' : 'Read', input: { command: 'cat log.txt' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: p.outputs[i]! }] },
        ]),
      ],
      tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: {} } }],
    };
  }
  if (shape === 'openai-chat') {
    return {
      model: p.model, stream: p.stream,
      messages: [
        { role: 'system', content: 'You are a coding agent.' },
        { role: 'user', content: p.user },
        ...p.ids.flatMap((id, i): Json[] => [
          { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'shell', arguments: '{"command":["cat","log.txt"]}' } }] },
          { role: 'tool', tool_call_id: id, content: p.outputs[i]! },
        ]),
      ],
    };
  }
  return {
    model: p.model, stream: p.stream,
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: p.user }] },
      ...p.ids.flatMap((id, i): Json[] => [
        { type: 'function_call', call_id: id, name: 'shell', arguments: '{"command":["cat","log.txt"]}' },
        { type: 'function_call_output', call_id: id, output: p.outputs[i]! },
      ]),
    ],
  };
}

const encoder = new TextEncoder();
const utf8 = (s: string): Uint8Array<ArrayBuffer> => encoder.encode(s);

/** Every object/array node of a JSON value with its parent and key, for mutations. */
function nodes(v: Json, out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = []) {
  if (Array.isArray(v)) v.forEach((c, i) => { out.push({ parent: v, key: i }); nodes(c, out); });
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) { out.push({ parent: v, key: k }); nodes(v[k]!, out); }
  return out;
}

function setAt(parent: Json[] | { [k: string]: Json }, key: string | number, value: Json) {
  (parent as Record<string | number, Json>)[key] = value;
}

/** UTF-8 of `text` with each `\\udXXX` escape written as the surrogate's own 3 bytes (what TextEncoder refuses to do). */
function rawSurrogates(text: string): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const m of text.matchAll(/\\u(d[89a-f][0-9a-f]{2})/gi)) {
    parts.push(utf8(text.slice(last, m.index)));
    const u = parseInt(m[1]!, 16);
    parts.push(Uint8Array.of(0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)));
    last = m.index + m[0].length;
  }
  parts.push(utf8(text.slice(last)));
  return new Uint8Array(Buffer.concat(parts));
}

const KNOWN = new Set(['messages', 'input', 'content', 'role', 'type', 'tools', 'tool_use_id', 'tool_call_id', 'call_id', 'output', 'id', 'text', 'tool_calls', 'system', 'stream', 'model', 'name', 'arguments']);

const deep = (n: number, open: string, close: string, core = '1') => open.repeat(n) + core + close.repeat(n);

/** A hostile body of `shape`: one case of each kind, weighted towards the cheap ones. */
export function caseArb(shape: ProviderName): fc.Arbitrary<BodyCase> {
  return anyCase(shape).map(printable);
}

/** Failures print the kind, size and the start of the body, not a megabyte of byte values. */
function printable(c: BodyCase): BodyCase {
  const head = new TextDecoder().decode(c.bytes.subarray(0, 300));
  return Object.assign(c, { [fc.toStringMethod]: () => `${c.kind} (${c.bytes.length} bytes): ${JSON.stringify(head)}…` });
}

function anyCase(shape: ProviderName): fc.Arbitrary<BodyCase> {
  const body = partsArb.map((p) => buildBody(shape, p));
  const pickNode = fc.nat();
  const w = (weight: number, arbitrary: fc.Arbitrary<BodyCase>) => ({ weight, arbitrary });
  return fc.oneof(
    w(6, body.map((b) => ({ kind: 'valid', bytes: utf8(JSON.stringify(b)) }))),
    w(6, fc.tuple(body, pickNode, fc.jsonValue({ maxDepth: 2 }), fc.boolean()).map(([b, n, v, known]) => {
      // Half the time a field the proxy reads (messages, content, tools, ids…), else any node.
      const all = nodes(b).filter((x) => !known || (typeof x.key === 'string' && KNOWN.has(x.key)));
      const at = all[n % all.length]!;
      setAt(at.parent, at.key, v as Json);
      return { kind: 'wrong-type', bytes: utf8(JSON.stringify(b)) };
    })),
    w(3, fc.tuple(body, pickNode, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })).map(([b, n, type, extra]) => {
      const arrays = nodes(b).map((x) => x.parent).filter((p): p is Json[] => Array.isArray(p));
      const target = arrays[n % Math.max(1, arrays.length)] ?? [];
      target.splice(n % (target.length + 1), 0, { type: type || 'mystery_block', data: extra as Json });
      return { kind: 'unknown-block', bytes: utf8(JSON.stringify(b)) };
    })),
    w(3, fc.tuple(partsArb, fc.constantFrom<Json>('', [], null, {}, [{ type: 'text', text: '' }])).map(([p, empty]) => {
      const b = buildBody(shape, { ...p, user: '', outputs: p.outputs.map(() => empty as string) });
      return { kind: 'empty-content', bytes: utf8(JSON.stringify(b)) };
    })),
    w(3, partsArb.map((p) => ({ kind: 'duplicate-ids', bytes: utf8(JSON.stringify(buildBody(shape, { ...p, ids: p.ids.map(() => 'call_dup') }))) }))),
    w(6, fc.tuple(body, fc.nat(), fc.constantFrom('', '{', '}', ',', '"', ':', 'nul', '\\', '[', 'NaN', '\u0000')).map(([b, n, junk]) => {
      const text = JSON.stringify(b);
      const at = n % (text.length + 1);
      return { kind: 'malformed-json', bytes: utf8(junk === '' ? text.slice(0, at) : text.slice(0, at) + junk + text.slice(at)) };
    })),
    w(4, fc.tuple(body, fc.nat(), fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80])).map(([b, n, bad]) => {
      const bytes = utf8(JSON.stringify(b));
      const at = n % (bytes.length + 1);
      const out = new Uint8Array(bytes.length + bad.length);
      out.set(bytes.subarray(0, at), 0);
      out.set(bad, at);
      out.set(bytes.subarray(at), at + bad.length);
      return { kind: 'invalid-utf8', bytes: out };
    })),
    w(4, fc.tuple(partsArb, fc.constantFrom(...LONE), fc.boolean()).map(([p, lone, raw]) => {
      const b = buildBody(shape, { ...p, user: `${p.user}${lone}`, outputs: p.outputs.map((o) => (typeof o === 'string' ? o.replace(/\n/g, `${lone}\n`) : o)) });
      // JSON.stringify escapes lone surrogates (\ud800); a careless client may write one raw (CESU-8 bytes, invalid UTF-8).
      const text = JSON.stringify(b);
      return { kind: 'lone-surrogate', bytes: raw ? rawSurrogates(text) : utf8(text) };
    })),
    w(1, fc.tuple(body, fc.constantFrom('top', 'field', 'tool-input', 'tool-output', 'messages'), fc.constantFrom(['[', ']'], ['{"a":', '}'])).map(([b, where, [open, close]]) => {
      const nest = deep(10_000, open!, close!);
      let text: string;
      if (where === 'top') text = nest;
      else if (where === 'field') text = JSON.stringify(b).replace(/^\{/, `{"metadata":${nest},`);
      else if (where === 'messages') text = JSON.stringify({ model: 'x', [shape === 'openai-responses' ? 'input' : 'messages']: 0 }).replace(/:0\}$/, `:${nest}}`);
      else if (where === 'tool-input') text = JSON.stringify(b).replace(/"command":"cat log.txt"|"arguments":"[^"]*"/, `"deep":${nest}`);
      // JSON text nested 10,000 deep as the tool's output: the JSON compressor gets to parse it.
      else text = JSON.stringify(buildBody(shape, { ids: ['call_0'], outputs: [nest], user: 'q', model: 'm', stream: false }));
      return { kind: 'deep-nesting', bytes: utf8(text) };
    })),
    w(1, fc.tuple(partsArb, fc.integer({ min: 10_000, max: 20_000 }), fc.boolean()).map(([p, n, inOutput]) => {
      if (inOutput) {
        const rows = Array.from({ length: n }, (_, i) => i % 997);
        return { kind: 'huge-array', bytes: utf8(JSON.stringify(buildBody(shape, { ...p, ids: ['call_0'], outputs: [JSON.stringify(rows)] }))) };
      }
      const b = buildBody(shape, p);
      const list = (b.messages ?? b.input) as Json[];
      for (let i = 0; i < n; i++) list.push(shape === 'openai-responses' ? { type: 'message', role: 'user', content: 'x' } : { role: i % 2 ? 'assistant' : 'user', content: 'x' });
      return { kind: 'huge-array', bytes: utf8(JSON.stringify(b)) };
    })),
    w(2, fc.tuple(partsArb, fc.integer(), fc.integer({ min: 256, max: 96 * 1024 }), fc.boolean()).map(([p, seed, size, image]) => {
      const data = base64Blob(seed, size);
      const blob: string | Json[] = image && shape === 'anthropic'
        ? [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }, { type: 'text', text: data }]
        : data;
      return { kind: 'base64-blob', bytes: utf8(JSON.stringify(buildBody(shape, { ...p, ids: ['call_0', 'call_1'], outputs: [blob, `file.bin: ${data.slice(0, 2000)}`] }))) };
    })),
    w(1, fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => ({ kind: 'not-an-object', bytes: utf8(JSON.stringify(v) ?? 'null') }))),
  ) as fc.Arbitrary<BodyCase>;
}
