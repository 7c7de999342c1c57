/**
 * Every compressor in the registry, on its own, against generated inputs of its kind with planted gold facts, and
 * against junk (any unicode, lone surrogates, binary-ish text): never throws, deterministic, never more tokens out
 * than in, every planted fact kept verbatim, a marker on every lossy output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMarker } from '../../src/ccr/marker.ts';
import { createContext } from '../../src/compress/context.ts';
import { createRegistry } from '../../src/compress/registry.ts';
import type { CompressInput, Compressor, ContentKind, Hints } from '../../src/compress/types.ts';
import { countTokens } from '../../src/tokens/count.ts';
import { installNodeGrammarLoader } from '../../runtimes/node-wasm.ts';
import { RUNS, SEED } from './budget.ts';

installNodeGrammarLoader();

interface Planted { text: string; gold: string[]; hints?: Hints; query?: string }

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** One generator per kind: a realistic input of `size` units with one fact planted at `at` (tag makes it unique). */
const PLANT: Record<ContentKind, (size: number, at: number, tag: number) => Planted> = {
  log: (size, at, tag) => {
    const lines = Array.from({ length: size }, (_, i) => `2026-04-01T08:${pad(i % 60)}:${pad((i * 7) % 60)}Z INFO worker-${i % 4} processed job ${1000 + i} in ${(i * 13) % 97}ms`);
    const fact = `2026-04-01T09:00:00Z ERROR worker-2 job ${tag} failed: checksum mismatch PLANTED${tag}`;
    lines.splice(at % (size + 1), 0, fact);
    return { text: lines.join('\n'), gold: [`PLANTED${tag}`, 'checksum mismatch'] };
  },
  json: (size, at, tag) => {
    const rows: Record<string, unknown>[] = Array.from({ length: size }, (_, i) => ({ id: i, name: `item-${i}`, status: 'ok', latency_ms: (i * 17) % 120 }));
    rows.splice(at % (size + 1), 0, { id: 90_000 + tag, name: `planted-${tag}`, status: 'error', latency_ms: 9_999, error: `PLANTED${tag} upstream refused` });
    return { text: JSON.stringify(rows, null, 2), gold: [`PLANTED${tag} upstream refused`] };
  },
  search: (size, at, tag) => {
    const lines = Array.from({ length: size }, (_, i) => `src/module${i % 9}/file${i % 23}.ts:${10 + i}:  const value${i} = compute(${i});`);
    lines.splice(at % (size + 1), 0, `src/core/engine.ts:${4000 + tag}:  export function plantedHandler${tag}(req) {`);
    return { text: lines.join('\n'), gold: [`plantedHandler${tag}`, `${4000 + tag}`], query: `where is plantedHandler${tag} defined` };
  },
  diff: (size, at, tag) => {
    const body = Array.from({ length: size }, (_, i) => ` line ${i} of unchanged context in the module`);
    body.splice(at % (size + 1), 0, `-    const limit = ${tag};`, `+    const limit = ${tag + 1}; // PLANTED${tag}`);
    return { text: `diff --git a/src/app.ts b/src/app.ts\n--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1,${size + 1} +1,${size + 1} @@\n${body.join('\n')}\n`, gold: [`+    const limit = ${tag + 1}; // PLANTED${tag}`, `-    const limit = ${tag};`] };
  },
  code: (size, at, tag) => {
    // Big enough for the shell-output size floor (1,500 tokens) from about 60 functions up.
    const fns = Array.from({ length: Math.max(3, Math.floor(size / 2)) }, (_, i) => `def helper_${i}(x):\n    total = 0\n    for k in range(x):\n        if k % ${i + 2} == 0:\n            total += k * ${i}\n        else:\n            total -= 1\n    return total\n`);
    fns.splice(at % (fns.length + 1), 0, `def planted_fn_${tag}(alpha, beta):\n    value = alpha + beta\n    for k in range(beta):\n        value -= k\n    return value\n`);
    return { text: `import os\nimport sys\n\n${fns.join('\n')}`, gold: [`def planted_fn_${tag}(alpha, beta)`], hints: { command: 'cat tool.py', language: 'python' } };
  },
  html: (size, at, tag) => {
    const paras = Array.from({ length: Math.max(3, Math.floor(size / 4)) }, (_, i) => `<p>Paragraph ${i} explains routine configuration of the service in plain words.</p>`);
    paras.splice(at % (paras.length + 1), 0, `<p>The planted fact is PLANTED${tag}: the cache must be flushed before upgrading.</p>`);
    const nav = Array.from({ length: 30 }, (_, i) => `<li><a href="/docs/${i}">Docs ${i}</a></li>`).join('');
    return { text: `<!doctype html><html><head><title>Docs</title><script>var x=1;</script></head><body><nav><ul>${nav}</ul></nav><main><h1>Upgrade guide</h1>${paras.join('\n')}</main><footer>© 2026 Example · Privacy · Terms</footer></body></html>`, gold: [`PLANTED${tag}`] };
  },
  table: (size, at, tag) => {
    const rows = Array.from({ length: size }, (_, i) => `${i},host-${i % 7},ok,${(i * 31) % 200}`);
    rows.splice(at % (size + 1), 0, `${90_000 + tag},host-planted,error,PLANTED${tag}`);
    return { text: `id,host,status,latency\n${rows.join('\n')}`, gold: [`PLANTED${tag}`] };
  },
  text: (size, at, tag) => {
    const sentences = Array.from({ length: Math.max(4, size) }, (_, i) => `The team reviewed the quarterly report number ${i} and discussed the usual items at length during the meeting.`);
    sentences.splice(at % (sentences.length + 1), 0, `The deploy did not fail on host db-${tag}.`);
    return { text: sentences.join(' '), gold: ['not', `db-${tag}`] };
  },
};

/** Junk any compressor may be handed by a mis-detection: arbitrary unicode, lone surrogates, control bytes. */
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 3000 }),
  fc.array(fc.constantFrom('\ud800', '\udfff', '\u0000', '\r\n', '{', '}', '[', ']', '"', ':', ',', 'ERROR', '+', '-', '@@', '<p>', '</div>', 'def ', '    ', '\t', 'é', '🎉', ' '), { maxLength: 2000 }).map((a) => a.join('')),
);

function check(compressor: Compressor, input: CompressInput, query: string | undefined, gold: string[]) {
  const a = compressor.compress(input, createContext({ query }));
  const b = compressor.compress(input, createContext({ query }));
  expect(a).toEqual(b);
  if (!a) return false;
  expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(input.text));
  for (const fact of gold) expect(a.text, `${compressor.name} lost gold fact ${JSON.stringify(fact)}`).toContain(fact);
  if (a.lossy) expect(hasMarker(a.text)).toBe(true);
  return true;
}

const registry = createRegistry();

describe('each compressor on its own', () => {
  for (const kind of Object.keys(registry.compressors) as ContentKind[]) {
    for (const compressor of registry.compressors[kind]) {
      it(`${kind}/${compressor.name}: ${RUNS.compressor} planted-fact inputs + ${RUNS.compressor} junk inputs`, async () => {
        let applied = 0;
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 20, max: 400 }), fc.nat(), fc.integer({ min: 1, max: 99_999 }), async (size, at, tag) => {
            const p = PLANT[kind](size, at, tag);
            const input: CompressInput = { text: p.text, kind, hints: p.hints ?? {} };
            if (compressor.supports && !compressor.supports(input)) return;
            await compressor.prepare?.(input);
            if (check(compressor, input, p.query, p.gold)) applied++;
          }),
          { numRuns: RUNS.compressor, seed: SEED + 3 },
        );
        await fc.assert(
          fc.asyncProperty(junk, async (text) => {
            const input: CompressInput = { text, kind, hints: {} };
            if (compressor.supports && !compressor.supports(input)) return;
            await compressor.prepare?.(input);
            check(compressor, input, undefined, []);
          }),
          { numRuns: RUNS.compressor, seed: SEED + 4 },
        );
        console.log(`[reliability] compressor ${kind}/${compressor.name}: applied on ${applied} of ${RUNS.compressor} planted-fact inputs`);
      }, 300_000);
    }
  }
});
