/** Shared set-up for the code compressor tests: the Node grammar loader and a parse helper. */
import { readFileSync } from 'node:fs';
import { loadGrammar, parserFor } from '../../../src/compress/code/grammars.ts';
import { errorCount } from '../../../src/compress/code/verify.ts';
import { createNodeGrammarLoader } from '../../../runtimes/node-wasm.ts';

export const loader = createNodeGrammarLoader();

/** Fixture file (extension-named, .txt so tsc leaves them alone) → [language, path hint]. */
export const FIXTURES: ReadonlyArray<readonly [string, string, string]> = [
  ['python', 'py.txt', 'inventory.py'],
  ['javascript', 'js.txt', 'inventory.js'],
  ['typescript', 'ts.txt', 'inventory.ts'],
  ['tsx', 'tsx.txt', 'inventory.tsx'],
  ['go', 'go.txt', 'inventory.go'],
  ['rust', 'rs.txt', 'inventory.rs'],
  ['java', 'java.txt', 'Item.java'],
  ['c', 'c.txt', 'inventory.c'],
  ['cpp', 'cpp.txt', 'inventory.cpp'],
  ['c_sharp', 'cs.txt', 'Item.cs'],
  ['ruby', 'rb.txt', 'inventory.rb'],
  ['php', 'php.txt', 'inventory.php'],
  ['bash', 'sh.txt', 'restock.sh'],
];

export function fixture(file: string): string {
  return readFileSync(new URL(`../../fixtures/code/${file}`, import.meta.url), 'utf8');
}

/** Syntax errors (ERROR + MISSING nodes) of `text` parsed as `language`; the grammar must be loaded. */
export async function errorsOf(language: string, text: string): Promise<number> {
  if (!(await loadGrammar(loader, language))) throw new Error(`grammar for ${language} did not load`);
  const tree = parserFor(loader, language)!.parse(text)!;
  try {
    return errorCount(tree);
  } finally {
    tree.delete();
  }
}
