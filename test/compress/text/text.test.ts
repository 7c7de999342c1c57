import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/compress/context.ts';
import { createClassifierScorer, createTextCompressor, createOnnxScorer, textDetector } from '../../../src/compress/text/index.ts';
import type { Candidate } from '../../../src/compress/text/layout.ts';
import { createNodeModelLoader } from '../../../runtimes/node-models.ts';
import { runCompressorContract } from '../contract.ts';
import { tinyClassifier, tinyTokenizer } from './tiny-onnx.ts';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/text/${f}`, import.meta.url), 'utf8');
const notes = fixture('release-notes.md');
const text = createTextCompressor();
const run = (t: string, query?: string, c = text) => c.compress({ text: t, kind: 'text', hints: {} }, createContext({ query }));
const NEG = /\b(?:not|no|never|none|without|cannot|unless|except|[a-z]+n't)\b/gi;

runCompressorContract(text, [
  { name: 'release notes', text: notes, kind: 'text', gold: ['# Release notes for the storage layer', 'never', 'not', 'without',
    '64 MB', '`cache.perTenantLimit`', '8 MiB', 'no longer', 'unless `verify=false`', 'https://example.com/docs/storage', '- Records'] },
  { name: 'query words kept', text: notes, kind: 'text', query: 'what happens during compaction and backup?', gold: ['compaction', 'backup'] },
], [
  { name: 'json-ish data', text: '{"a": 1, "b": [1, 2, 3]}\n'.repeat(60), kind: 'text', gold: [] },
  { name: 'code listing', text: 'function f(x) {\n  return x.map((y) => y * 2);\n}\n'.repeat(40), kind: 'text', gold: [] },
  { name: 'hashes', text: Array.from({ length: 80 }, (_, i) => `a${i}f3c9 d1e0db8c 7a78733 qzxv wqpl vvkk`).join('\n'), kind: 'text', gold: [] },
  { name: 'too short', text: 'This is a short note that is not worth compressing.', kind: 'text', gold: [] },
]);

describe('text compressor', () => {
  it('keeps detector and fallback score', () => expect(textDetector.detect('anything', {})).toBe(0.2));

  it('drops words within lines only: same lines, same indentation, list markers and headings', () => {
    const out = run(notes)!.text.split('\n');
    const src = notes.split('\n');
    expect(out.length).toBe(src.length + 1);
    src.forEach((line, i) => {
      const o = out[i] as string;
      expect(o.match(/^\s*(?:[-*] |#+ )?/)?.[0]).toBe(line.match(/^\s*(?:[-*] |#+ )?/)?.[0]);
      if (line.startsWith('#')) expect(o).toBe(line);
    });
    expect(out.at(-1)).toMatch(/^\[headroom: dropped \d+ of \d+ words \(frequency scorer\)/);
  });

  it('golden: clipped English with meaning words kept', () => {
    const t = 'The cache is shared by all of the tenants, which means that a single tenant with a very large working\n' +
      'set can evict the records of the others. It does not happen when the limit is set, and it is never done for reads.\n'.repeat(3);
    expect(run(t)!.text.split('\n').slice(0, 2).join('\n')).toMatchInlineSnapshot(`
      "cache shared all tenants, means single tenant large working
      set can evict records others. not limit set, never done reads."
    `);
  });

  it('leaves code blocks, tables and indented blocks verbatim', () => {
    const code = '```\nthe value of the thing is not what it is\n```\n    the indented block of the text stays\n| the | table |';
    const out = run(`${notes}\n${code}\n`)!.text;
    expect(out).toContain(code);
  });

  it('property: never more lines, same indentation, every negation kept, deterministic', () => {
    const words = ['the', 'cache', 'is', 'not', 'shared', 'of', 'a', 'tenant', 'never', 'with', "doesn't", 'record', 'and', 'which'];
    const line = fc.array(fc.constantFrom(...words), { minLength: 3, maxLength: 14 }).map((w) => w.join(' '));
    const doc = fc.array(fc.tuple(fc.constantFrom('', '  ', '- ', '    - '), line), { minLength: 20, maxLength: 40 })
      .map((ls) => ls.map(([p, l]) => p + l).join('\n'));
    fc.assert(fc.property(doc, (d) => {
      const a = run(d);
      expect(a).toEqual(run(d));
      if (!a) return;
      const out = a.text.split('\n').slice(0, -1);
      const src = d.split('\n');
      expect(out.length).toBe(src.length);
      src.forEach((l, i) => expect((out[i] as string).match(/^\s*/)?.[0]).toBe(l.match(/^\s*/)?.[0]));
      expect((a.text.match(NEG) ?? []).length).toBe((d.match(NEG) ?? []).length);
    }), { numRuns: 60 });
  });
});

describe('model scorers', () => {
  const loader = createNodeModelLoader();

  it('shipped ONNX cloze model: same log-probs as torch (models/train/export.py parity line)', async () => {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(await loader('prose/model.onnx'));
    const ids = new ort.Tensor('int64', BigInt64Array.from([1n, 7n, 11n, 13n, 17n, 19n, 2n]), [1, 7]);
    const out = (await session.run({ ids })).logp?.data as Float32Array;
    const torch = [-3.9279205799102783, -9.812111854553223, -6.550610542297363, -5.933265209197998, -6.045180320739746];
    torch.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 3));
  });

  it('onnx scorer: prepare then compress uses the model; without prepare falls back to frequency', async () => {
    const c = createTextCompressor({ scorer: 'onnx', loader });
    const input = { text: notes, kind: 'text' as const, hints: {} };
    expect(c.compress(input, createContext({}))?.text).toContain('(frequency scorer)');
    await c.prepare?.(input);
    const out = c.compress(input, createContext({}))!.text;
    expect(out).toContain('(onnx scorer)');
    for (const g of ['never', 'not', 'without', '64 MB', 'unless `verify=false`', 'no longer']) expect(out).toContain(g);
    expect(createOnnxScorer({ loader }).score(notes, [])).toBeUndefined();
  });

  it('pluggable classifier (LLMLingua-2 layout) built in-process drives the choice of words', async () => {
    const words = ['the', 'cat', 'sat', 'on', 'mat', 'dog', 'ran', 'to', 'a', 'park'];
    // keep margins per id: [UNK], [CLS], [SEP], then the words in order
    const margins = [0, 0, 0, -5, 5, 1, -3, 4, 5, 2, -4, -6, 3];
    const files: Record<string, Uint8Array> = {
      'tiny/model.onnx': tinyClassifier(margins),
      'tiny/tokenizer.json': new TextEncoder().encode(JSON.stringify(tinyTokenizer(words))),
    };
    const tiny = async (f: string) => {
      const b = files[f];
      if (!b) throw new Error(`missing ${f}`);
      return b;
    };
    const s = createClassifierScorer({ name: 'tiny', loader: tiny });
    const t = 'The cat sat on the mat';
    await s.prepare?.(t);
    const cands = [0, 4, 8, 12, 15, 19].map((start) => ({ start, end: start + 1, coreEnd: start + 1, lower: '', body: 0 }) as Candidate);
    const keep = Array.from(s.score(t, cands) ?? []);
    expect(keep.map((k) => Math.round(k * 100) / 100)).toEqual([0.01, 0.99, 0.73, 0.05, 0.01, 0.98]);

    const c = createTextCompressor({ scorer: 'tiny', loader: tiny, dropRate: 0.5, minWords: 10 });
    const doc = 'the cat sat on the mat and the dog ran to a park\n'.repeat(8);
    const input = { text: doc, kind: 'text' as const, hints: {} };
    await c.prepare?.(input);
    const out = c.compress(input, createContext({}))!.text;
    expect(out).toContain('(tiny scorer)');
    expect(out.split('\n')[0]).toBe('cat sat mat dog ran park');
  });
});
