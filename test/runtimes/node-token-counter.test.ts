import { afterAll, describe, expect, it } from 'vitest';
import { createTokenCounterThread } from '../../runtimes/node-token-counter.ts';
import { COUNT_MAX_CHARS, countTokens } from '../../src/tokens/count.ts';

const counter = createTokenCounterThread();
afterAll(() => counter.close());

describe('token counting thread (Node)', () => {
  it('counts exactly what countTokens counts, special-token strings as plain text', async () => {
    const texts = [
      'hello world',
      'line <|endoftext|> and <|im_start|> in a tool output\n'.repeat(50),
      JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, v: `value ${i}` })), null, 2),
      '日本語のテキスト 😀 naïve café\n'.repeat(300),
      '',
    ];
    const counts = await Promise.all(texts.map((t) => counter.count(t)));
    expect(counts).toEqual(texts.map((t) => countTokens(t)));
  });

  it('keeps the event loop free while it counts', async () => {
    const big = 'INFO worker-3 processed batch 8812 in 56ms status=ok id=af31c\n'.repeat(60_000); // ~3.8 MB
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 5);
    const n = await counter.count(big);
    clearInterval(timer);
    expect(n).toBe(countTokens(big));
    expect(ticks).toBeGreaterThan(3); // timers kept firing during a count that takes ~100 ms or more
  });

  it('declines a text over the cap instead of counting it', async () => {
    expect(await counter.count('x'.repeat(COUNT_MAX_CHARS + 1))).toBeUndefined();
  });

  it('starts a new worker after the old one is gone', async () => {
    await counter.close();
    expect(await counter.count('after a restart')).toBe(countTokens('after a restart'));
  });
});
