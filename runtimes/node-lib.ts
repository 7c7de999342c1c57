/** headroom as a library on Node/Bun/Deno: the web-standard library with the grammar loader for wasm/ installed. */
import { installNodeGrammarLoader } from './node-wasm.ts';

installNodeGrammarLoader();

export * from '../src/index.ts';
export { createNodeGrammarLoader, installNodeGrammarLoader } from './node-wasm.ts';
