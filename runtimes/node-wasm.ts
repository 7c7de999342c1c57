/**
 * Node/Bun/Deno: the grammar loader reads the wasm files shipped in the package's wasm/ folder (next to dist/ and
 * runtimes/, hence `../wasm/` from either). Bytes are read once per grammar; the code compressor caches the result.
 */
import { readFile } from 'node:fs/promises';
import { getDefaultGrammarLoader, setDefaultGrammarLoader, type GrammarLoader } from '../src/compress/code/index.ts';

export const WASM_DIR = new URL('../wasm/', import.meta.url);

/** Only plain file names: the loader must never become a way to read other files. */
const FILE = /^[\w.-]+\.wasm$/;

export function createNodeGrammarLoader(dir: URL = WASM_DIR): GrammarLoader {
  return async (file) => {
    if (!FILE.test(file) || file.includes('..')) throw new TypeError(`code: not a wasm file name: ${file}`);
    const buf = await readFile(new URL(file, dir));
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  };
}

/** Installs the Node loader as the default, unless a runtime already installed one. Idempotent. */
export function installNodeGrammarLoader(dir?: URL): void {
  if (!getDefaultGrammarLoader()) setDefaultGrammarLoader(createNodeGrammarLoader(dir));
}
