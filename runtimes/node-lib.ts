/** headroom as a library on Node/Bun/Deno: the web-standard library with the wasm/ and models/ loaders installed. */
import { installNodeModelLoader } from './node-models.ts';
import { installNodeGrammarLoader } from './node-wasm.ts';

installNodeGrammarLoader();
installNodeModelLoader();

export * from '../src/index.ts';
export { createNodeGrammarLoader, installNodeGrammarLoader } from './node-wasm.ts';
export { createNodeModelLoader, installNodeModelLoader } from './node-models.ts';
