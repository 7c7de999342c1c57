/**
 * The contract every compressor must honour, run at the top of each compressor's test file:
 * deterministic, never more tokens than the input, every gold fact kept, a marker on every lossy output,
 * and `null` (not a throw) when it has nothing to gain.
 */
import { describe, expect, it } from 'vitest';
import { hasMarker } from '../../src/ccr/marker.ts';
import { createContext } from '../../src/compress/context.ts';
import type { CompressInput, Compressor, ContentKind, Hints } from '../../src/compress/types.ts';
import { countTokens } from '../../src/tokens/count.ts';

export interface ContractCase {
  name: string;
  text: string;
  kind: ContentKind;
  hints?: Hints;
  query?: string;
  /** Substrings that must survive compression verbatim. */
  gold: string[];
  /** True when the compressor is expected to produce a smaller output for this case. */
  expectSmaller?: boolean;
}

export function runCompressorContract(compressor: Compressor, cases: ContractCase[], declines: ContractCase[] = []) {
  describe(`${compressor.name}: compressor contract`, () => {
    for (const c of cases) {
      it(`${c.name}: deterministic, smaller, gold facts kept`, () => {
        const input: CompressInput = { text: c.text, kind: c.kind, hints: c.hints ?? {} };
        const a = compressor.compress(input, createContext({ query: c.query }));
        const b = compressor.compress(input, createContext({ query: c.query }));
        expect(a).toEqual(b);
        if (c.expectSmaller !== false) expect(a).not.toBeNull();
        if (!a) return;
        expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(c.text));
        for (const fact of c.gold) expect(a.text, `gold fact lost: ${fact}`).toContain(fact);
        if (a.lossy) expect(hasMarker(a.text)).toBe(true);
      });
    }
    for (const c of declines) {
      it(`${c.name}: declines without throwing`, () => {
        const input: CompressInput = { text: c.text, kind: c.kind, hints: c.hints ?? {} };
        expect(compressor.compress(input, createContext({ query: c.query }))).toBeNull();
      });
    }
  });
}
