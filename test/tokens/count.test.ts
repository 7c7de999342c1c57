import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countExactly, compress } from '../../src/compress-body.ts';
import { countTokensSliced } from '../../src/tokens/count-sliced.ts';
import { COUNT_MAX_CHARS, countTokens } from '../../src/tokens/count.ts';

/** Fragments chosen around the split pattern's edges: newline runs, space runs, marks, contractions, digits, specials. */
const FRAGMENTS = [
  '\n', '\r\n', '\n\n', ' ', '  ', '   ', '\t', 'foo', 'Bar', 'ABC', "it's", "DON'T", '123456', '7', '—', 'é', 'e\u0301',
  '日本語', '😀', '{"a": ', '1,', '<|endoftext|>', '<|im_start|>', '//', '/', '.', '!!', '(', ')', ' = ', '\u00a0', 'ß',
  'ا', '\u200b', '0x1F', '://', '    return x;\n',
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 600 }).map((parts) => parts.join(''));

describe('countTokens', () => {
  it('counts special-token strings as the plain text they are, instead of throwing', () => {
    // As a special token it would be one token; as text it is several, which is how providers see message content.
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
    expect(countTokens('hello <|endoftext|> world')).toBe(countTokens('hello <|endoftext|>') + countTokens(' world'));
  });

  it('lets compress() handle a tool output that mentions a special token (it used to throw)', async () => {
    const log = Array.from({ length: 400 }, (_, i) => `line ${i} saw <|endoftext|> in tokenizer.py status=ok`).join('\n');
    const body = {
      model: 'm', max_tokens: 5, messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: log }] },
      ],
    };
    const r = await compress(body);
    expect(r.changed).toBe(true);
    expect(r.stats.tokensBefore).toBe(countTokens(log));
  });
});

describe('countTokensSliced', () => {
  it('sums slices to exactly the whole-text count, wherever the slices fall', async () => {
    await fc.assert(fc.asyncProperty(text, fc.integer({ min: 1, max: 300 }), async (t, sliceChars) => {
      expect(await countTokensSliced(t, { sliceChars, yieldTo: async () => {} })).toBe(countTokens(t));
    }), { numRuns: 400, seed: 7 });
  });

  it('is exact on realistic long texts: pretty JSON, a log, code, prose', async () => {
    const json = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `item ${i}`, ok: i % 3 === 0 })), null, 2);
    const log = Array.from({ length: 4000 }, (_, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z INFO worker-${i % 7} done in ${i}ms`).join('\n');
    const code = Array.from({ length: 2000 }, (_, i) => `  function f${i}(a, b) {\n    return a + b * ${i}; // sum\n  }\n`).join('');
    const prose = 'The quick brown fox — naïve café, it\'s 10:30. '.repeat(5000);
    for (const t of [json, log, code, prose]) {
      let yields = 0;
      const n = await countTokensSliced(t, { budgetMs: 0, yieldTo: async () => { yields++; } });
      expect(n).toBe(countTokens(t));
      expect(yields).toBeGreaterThan(t.length / (4 * 1024)); // really sliced, ~2 Ki chars a slice
    }
  });

  it('gives the thread back between slices: a timer set before counting 2 MB fires before the count is done', async () => {
    const t = 'INFO worker processed batch in 56ms status=ok\n'.repeat(45_000);
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await countTokensSliced(t).then(() => order.push('counted'));
    expect(order).toEqual(['timer', 'counted']);
  });

  it('declines a text over the cap, and countExactly then keeps that block estimated and says so', async () => {
    const huge = 'x '.repeat(COUNT_MAX_CHARS / 2 + 1);
    expect(await countTokensSliced(huge)).toBeUndefined();
    const stats = {
      provider: 'anthropic' as const, tokensBefore: 100 + huge.length / 4, tokensAfter: 30, tokenCount: 'estimate' as const, ids: [], ms: 1,
      blocks: [
        { path: 'a', tokensBefore: 100, tokensAfter: 25, ids: [], decisions: [] },
        { path: 'b', tokensBefore: huge.length / 4, tokensAfter: 5, ids: [], decisions: [] },
      ],
    };
    const small = 'hello world, this is a small block';
    const out = await countExactly(stats, [{ before: small, after: 'hello' }, { before: huge, after: 'short' }], countTokensSliced);
    expect(out.tokenCount).toBe('estimate');
    expect(out.blocks[0]).toMatchObject({ tokensBefore: countTokens(small), tokensAfter: countTokens('hello') });
    expect(out.blocks[1]).toMatchObject({ tokensBefore: huge.length / 4, tokensAfter: 5 });
    expect(out.tokensBefore).toBe(countTokens(small) + huge.length / 4);
  });
});
