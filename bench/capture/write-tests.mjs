// Writes a small test suite (50 passing tests, 1 planted failure) for vitest or node:test into a directory.
// Used by bench/capture-real.sh only; the code under test is inlined so the suite has no other files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [runner, dir] = process.argv.slice(2);
if (!runner || !dir) throw new Error('usage: write-tests.mjs vitest|node DIR');

const header = runner === 'vitest'
  ? "import { describe, it, expect } from 'vitest';\nconst eq = (a, b) => expect(a).toBe(b);\nconst deq = (a, b) => expect(a).toEqual(b);\n"
  : "import { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';\nconst eq = (a, b) => assert.strictEqual(a, b);\nconst deq = (a, b) => assert.deepStrictEqual(a, b);\n";

const lib = `
const round2 = (x) => Math.round(x * 100) / 100;
const LOYALTY_DISCOUNT = 0.109; // planted bug: the spec says 10%
export function cartTotal(items, { taxRate = 0, loyalty = false } = {}) {
  const sub = items.reduce((s, i) => s + i.price * i.qty, 0);
  return round2(sub * (loyalty ? 1 - LOYALTY_DISCOUNT : 1) * (1 + taxRate));
}
export const slug = (s) => s.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
export const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
export const chunk = (xs, n) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
`;

const suites = {
  'cart': [
    ['sums quantities times prices', 'eq(cartTotal([{ price: 10, qty: 3 }, { price: 5, qty: 2 }]), 40)'],
    ['returns 0 for an empty cart', 'eq(cartTotal([]), 0)'],
    ['adds tax', 'eq(cartTotal([{ price: 100, qty: 1 }], { taxRate: 0.2 }), 120)'],
    ['rounds to cents', 'eq(cartTotal([{ price: 0.1, qty: 3 }]), 0.3)'],
    ['applies the loyalty discount before tax', 'eq(cartTotal([{ price: 100, qty: 1 }], { loyalty: true }), 90)'],
    ['handles large quantities', 'eq(cartTotal([{ price: 2, qty: 10000 }]), 20000)'],
  ],
  'slug': Array.from({ length: 15 }, (_, i) => [`slugifies sample ${i + 1}`, `eq(slug('  Hello World ${i + 1}!  '), 'hello-world-${i + 1}')`]),
  'clamp': Array.from({ length: 15 }, (_, i) => [`clamps ${i * 7 - 20} into [0, 50]`, `eq(clamp(${i * 7 - 20}, 0, 50), ${Math.min(50, Math.max(0, i * 7 - 20))})`]),
  'chunk': Array.from({ length: 15 }, (_, i) => [`chunks ${i + 1} items by 4`, `deq(chunk(Array.from({ length: ${i + 1} }, (_, k) => k), 4).map((c) => c.length), [${Array.from({ length: Math.ceil((i + 1) / 4) }, (_, k) => Math.min(4, i + 1 - k * 4)).join(', ')}])`]),
};

const ext = runner === 'vitest' ? '.test.js' : '.test.mjs';
// The library sits next to the test folder so no runner mistakes it for a test file.
writeFileSync(join(dir, '..', `lib${runner === 'vitest' ? '.js' : '.mjs'}`), lib);
for (const [name, tests] of Object.entries(suites)) {
  const body = tests.map(([title, code]) => `  it(${JSON.stringify(title)}, () => {\n    ${code};\n  });`).join('\n');
  const imp = `import { cartTotal, slug, clamp, chunk } from '../lib${runner === 'vitest' ? '.js' : '.mjs'}';\n`;
  writeFileSync(join(dir, `${name}${ext}`), `${header}${imp}\ndescribe(${JSON.stringify(name)}, () => {\n${body}\n});\n`);
}
