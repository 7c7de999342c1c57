/** Every grammar in wasm/, as module imports (the default Worker build; paid plan: 3.4 MB gzip in all). */
import cSharp from '../wasm/tree-sitter-c_sharp.wasm';
import cpp from '../wasm/tree-sitter-cpp.wasm';
import { SMALL_WASM, type WasmModules } from './workers-grammars-small.ts';

export const WORKER_WASM: WasmModules = {
  ...SMALL_WASM,
  'tree-sitter-c_sharp.wasm': cSharp,
  'tree-sitter-cpp.wasm': cpp,
};
