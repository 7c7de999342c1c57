import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preambleSplits, splitEmbeddedJson, splitFences } from '../../src/compress/router/sections.ts';

describe('splitFences', () => {
  it('splits prose and fenced blocks into contiguous sections', () => {
    const text = 'Here is the config:\n```json\n{"a": 1}\n```\nand the end.';
    const s = splitFences(text)!;
    expect(s.map((x) => [x.text, x.frame, x.hints.language])).toEqual([
      ['Here is the config:\n', false, undefined],
      ['```json\n', true, undefined],
      ['{"a": 1}\n', false, 'json'],
      ['```\n', true, undefined],
      ['and the end.', false, undefined],
    ]);
  });

  it('declines unclosed fences and text without fences', () => {
    expect(splitFences('no fences here')).toBeNull();
    expect(splitFences('```py\nopen but never closed')).toBeNull();
  });

  it('always reassembles to the exact input', () => {
    const line = fc.oneof(fc.constant('```'), fc.constant('```ts'), fc.constant('~~~'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        const s = splitFences(text);
        if (s) expect(s.map((x) => x.text).join('')).toBe(text);
      }),
    );
  });
});

describe('preambleSplits', () => {
  it('offers cuts after each of the first short lines', () => {
    expect(preambleSplits('a\nbb\nccc\n')).toEqual([2, 5, 9]);
    expect(preambleSplits('x'.repeat(700) + '\nrest')).toEqual([]);
  });
});

describe('splitEmbeddedJson', () => {
  const json = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item-${i}`, note: 'has } and ] in "quotes"' })) }, null, 2);

  it('cuts prose / JSON / prose at the matching bracket', () => {
    const text = `The API answered:\n${json}\nThat is all.\n`;
    const s = splitEmbeddedJson(text)!;
    expect(s.map((x) => x.frame)).toEqual([true, false, false]);
    expect(s[1]!.text).toBe(json);
    expect(s.map((x) => x.text).join('')).toBe(text);
  });

  it('declines small, invalid, unbalanced or whole-text JSON', () => {
    expect(splitEmbeddedJson('see {"a": 1} here')).toBeNull();
    expect(splitEmbeddedJson(`x\n{ not json ${'y'.repeat(2000)} }\n`)).toBeNull();
    expect(splitEmbeddedJson(`x\n${json.slice(0, -1)}`)).toBeNull();
    expect(splitEmbeddedJson(json)).toBeNull();
  });
});
