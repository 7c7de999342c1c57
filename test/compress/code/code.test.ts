import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/compress/context.ts';
import { createCodeCompressor, NAME } from '../../../src/compress/code/index.ts';
import { loadGrammar } from '../../../src/compress/code/grammars.ts';
import type { CompressInput, Hints } from '../../../src/compress/types.ts';
import { runCompressorContract } from '../contract.ts';
import { FIXTURES, errorsOf, fixture, loader } from './helpers.ts';

// Grammars load asynchronously once per process; the contract calls `compress` directly, so load them first.
beforeAll(async () => {
  for (const [language] of FIXTURES) await loadGrammar(loader, language);
});

const outliner = createCodeCompressor({ loader, aggressive: true, aggressiveMinTokens: 0 });
const input = (text: string, hints: Hints): CompressInput => ({ text, kind: 'code', hints });
const run = (text: string, hints: Hints, query?: string, c = outliner) => c.compress(input(text, hints), createContext({ query }));

runCompressorContract(outliner, [
  {
    name: 'python module', kind: 'code', text: fixture('py.txt'), hints: { path: 'inventory.py' },
    gold: ['def total(self, qty: int) -> float:', 'async def restock(items: Iterable[Item], threshold: int = 5) -> int:',
      '@dataclass', 'class Item:', 'from typing import Iterable', '"""Price of `qty` units including tax.'],
  },
  {
    name: 'typescript module', kind: 'code', text: fixture('ts.txt'), hints: { path: 'inventory.ts' },
    gold: ['export function total(item: Item, qty: number): number', 'async load(path: string): Promise<T[]>',
      'export interface Item {', 'export enum Unit { Piece, Kilo }'],
  },
  {
    name: 'go file with a query naming a function', kind: 'code', text: fixture('go.txt'), hints: { path: 'inventory.go' },
    query: 'why does LoadItems fail on a missing file?',
    gold: ['func (i *Item) Total(qty int) float64', 'data, err := os.ReadFile(path)'],
  },
], [
  { name: 'prose', kind: 'code', text: 'Just a few words of prose, nothing to parse here.\n'.repeat(20), gold: [] },
]);

describe('code: golden outlines', () => {
  for (const [language, file, path] of FIXTURES) {
    it(`${language}`, async () => {
      const out = run(fixture(file), { path });
      expect(out).not.toBeNull();
      await expect(out!.text).toMatchFileSnapshot(`../../fixtures/code/golden/${file.replace('.txt', '')}.outline.txt`);
    });
  }
});

describe('code: every outline re-parses without new errors', () => {
  for (const [language, file, path] of FIXTURES) {
    it(language, async () => {
      const out = run(fixture(file), { path })!;
      const code = out.text.slice(0, out.text.lastIndexOf('\n[headroom:'));
      expect(await errorsOf(language, code)).toBe(0);
    });
  }
});

describe('code: query-aware bodies', () => {
  it('keeps the body of a function the question names, and elides the rest', () => {
    const out = run(fixture('py.txt'), { path: 'inventory.py' }, 'what does load_items do with rows missing a sku?')!.text;
    expect(out).toContain('        if "sku" not in row:');
    expect(out).toContain('    def total(self, qty: int) -> float:\n        """Price of `qty` units including tax.\n');
    expect(out).toContain('        ...  # lines 24-26 elided');
    expect(out).toMatch(/\d bod(y|ies) kept for the question/);
  });
  it('keeps every method of a class the question names', () => {
    const out = run(fixture('tsx.txt'), { path: 'inventory.tsx' }, 'how does the Inventory class work?')!.text;
    expect(out).toContain('    const rows = JSON.parse(text) as T[];');
    expect(out).toContain('    this.stats.reset();');
    expect(out).toContain('export function total(item: Item, qty: number): number { /* lines 20-25 elided */ }');
  });
});

describe('code: when to outline', () => {
  const big = fixture('py.txt').repeat(20);
  const standard = createCodeCompressor({ loader });
  it('outlines `cat` output above the shell floor', () => {
    expect(run(big, { toolName: 'Bash', command: 'cat src/inventory.py' }, undefined, standard)).not.toBeNull();
  });
  it('leaves a Read-tool result below the large floor alone', () => {
    expect(run(big, { toolName: 'Read', path: 'src/inventory.py' }, undefined, standard)).toBeNull();
    const large = createCodeCompressor({ loader, readMinTokens: 1000 });
    expect(run(big, { toolName: 'Read', path: 'src/inventory.py' }, undefined, large)).not.toBeNull();
  });
  it('never outlines small files', () => {
    expect(run(fixture('py.txt'), { toolName: 'Bash', command: 'cat inventory.py' }, undefined, standard)).toBeNull();
  });
  it('never outlines a file named in the latest user text or with a pending edit', () => {
    expect(run(big, { command: 'cat src/inventory.py' }, 'fix the rounding in inventory.py', standard)).toBeNull();
    expect(run(big, { command: 'cat src/inventory.py', pendingEdit: true }, undefined, standard)).toBeNull();
  });
  it('declines without a grammar loader', () => {
    const none = createCodeCompressor({ aggressive: true, aggressiveMinTokens: 0 });
    expect(run(fixture('py.txt'), { path: 'a.py' }, undefined, none)).toBeNull();
  });
  it('declines on text that is not code in the hinted language', () => {
    expect(run('SELECT * FROM t;\n'.repeat(50) + 'no {{ code ]] here\n'.repeat(50), { path: 'x.py' })).toBeNull();
  });
  it('names itself after its folder', () => {
    expect(outliner.name).toBe(NAME);
  });
});

describe('code: line numbers', () => {
  it('cites the file lines of a `sed -n` excerpt', () => {
    const text = fixture('go.txt').split('\n').slice(17, 37).join('\n') + '\n';
    const out = run(text, { command: "sed -n '18,37p' inventory.go" })!.text;
    expect(out).toContain('func LoadItems(path string) ([]Item, error) { /* lines 27-37 elided */ }');
  });
  it('keeps Read-tool number prefixes on kept lines and cites them in notes', () => {
    const numbered = fixture('py.txt').split('\n').slice(0, -1).map((l, i) => `${String(i + 1).padStart(6)}→${l}`).join('\n');
    const out = run(numbered, { toolName: 'Read', path: 'inventory.py' })!.text;
    expect(out).toContain('    33→def load_items(path: str) -> list[Item]:\n    34→    ...  # lines 34-41 elided\n');
    expect(out).toContain('    20→        """Price of `qty` units including tax.\n      →        """  # lines 21-23 elided\n      →        ...  # lines 24-26 elided\n    27→\n');
  });
});
