/**
 * The library against 10,000 generated hostile bodies per provider shape: `compress` either returns a body that
 * serialises, is deterministic, never grows a block's tokens and keeps every handed-out id retrievable — or throws
 * the typed InvalidInputError. Anything else (another error, a hang) fails the run with fast-check's shrunk case.
 */
import fc from 'fast-check';
import { createStorage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { compress } from '../../src/compress-body.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { createStore } from '../../src/store/store.ts';
import { installNodeGrammarLoader } from '../../runtimes/node-wasm.ts';
import { caseArb, SHAPES, type CaseKind } from './arbitraries.ts';
import { HANG_MS, RUNS, SEED, tally } from './budget.ts';

installNodeGrammarLoader();
const lenient = new TextDecoder();

/** What the library is handed: the parsed value when the bytes are JSON, else the text itself. */
function valueOf(bytes: Uint8Array): unknown {
  const text = lenient.decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe('compress() on hostile bodies', () => {
  for (const shape of SHAPES) {
    it(`${shape}: ${RUNS.library} generated bodies — typed error or a faithful, deterministic result`, async () => {
      const store = createStore(createStorage());
      const seen = new Map<CaseKind, number>();
      let changed = 0;
      await fc.assert(
        fc.asyncProperty(caseArb(shape), async (c) => {
          tally(seen, c.kind);
          const started = performance.now();
          const value = valueOf(c.bytes);
          let first;
          try {
            first = await compress(value, { provider: shape, store, countTokens: c.bytes.length < 16 * 1024 });
          } catch (err) {
            // The only acceptable failure: a body that is not an object at all (or too deep to copy), as a typed error.
            expect(err).toBeInstanceOf(InvalidInputError);
            return;
          }
          expect(performance.now() - started).toBeLessThan(HANG_MS);
          for (const b of first.stats.blocks) expect(b.tokensAfter).toBeLessThanOrEqual(b.tokensBefore);
          for (const id of first.stats.ids) expect(await store.has(id)).toBe(true);
          // Nothing to compress: the very same object back (so its bytes are the client's bytes).
          if (!first.changed) {
            expect(first.body).toBe(value);
            return;
          }
          changed++;
          const out = JSON.stringify(first.body);
          const again = await compress(valueOf(c.bytes), { provider: shape, store, countTokens: false });
          expect(JSON.stringify(again.body)).toBe(out);
        }),
        { numRuns: RUNS.library, seed: SEED, endOnFailure: true },
      );
      console.log(`[reliability] library ${shape}: ${RUNS.library} bodies (${changed} compressed) ${JSON.stringify(Object.fromEntries(seen))}`);
      expect(changed).toBeGreaterThan(0);
    }, 600_000);
  }
});
