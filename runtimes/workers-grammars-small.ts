/**
 * The code compressor's wasm for the Worker, as module imports: wrangler uploads each file as a compiled
 * `WebAssembly.Module` (workerd forbids compiling wasm from bytes at run time). This set leaves out the two largest
 * grammars (C#, C++: 0.6 MB gzip) so the free plan's 3 MB fits; workers-grammars.ts adds them back.
 */
import runtime from '../wasm/tree-sitter.wasm';
import bash from '../wasm/tree-sitter-bash.wasm';
import c from '../wasm/tree-sitter-c.wasm';
import go from '../wasm/tree-sitter-go.wasm';
import java from '../wasm/tree-sitter-java.wasm';
import javascript from '../wasm/tree-sitter-javascript.wasm';
import php from '../wasm/tree-sitter-php.wasm';
import python from '../wasm/tree-sitter-python.wasm';
import ruby from '../wasm/tree-sitter-ruby.wasm';
import rust from '../wasm/tree-sitter-rust.wasm';
import tsx from '../wasm/tree-sitter-tsx.wasm';
import typescript from '../wasm/tree-sitter-typescript.wasm';
import type { GrammarLoader } from '../src/compress/code/index.ts';

/** File name (as in wasm/MANIFEST.json) → compiled module. */
export type WasmModules = Readonly<Record<string, WebAssembly.Module>>;

export const SMALL_WASM: WasmModules = {
  'tree-sitter.wasm': runtime,
  'tree-sitter-bash.wasm': bash,
  'tree-sitter-c.wasm': c,
  'tree-sitter-go.wasm': go,
  'tree-sitter-java.wasm': java,
  'tree-sitter-javascript.wasm': javascript,
  'tree-sitter-php.wasm': php,
  'tree-sitter-python.wasm': python,
  'tree-sitter-ruby.wasm': ruby,
  'tree-sitter-rust.wasm': rust,
  'tree-sitter-tsx.wasm': tsx,
  'tree-sitter-typescript.wasm': typescript,
};

export function createWorkerGrammarLoader(modules: WasmModules): GrammarLoader {
  return async (file) => {
    const mod = modules[file];
    if (!mod) throw new TypeError(`code: ${file} is not in the Worker build`);
    return mod;
  };
}
