/** Code compressor: tree-sitter outlines of source files (bodies elided with line-range placeholders). */
import { createCodeCompressor } from './compressor.ts';

export { NAME, createCodeCompressor, type CodeOptions } from './compressor.ts';
export { codeDetector, guessLanguage } from './detect.ts';
export {
  setDefaultGrammarLoader, getDefaultGrammarLoader, loadGrammar, RUNTIME_WASM, type GrammarLoader, type WasmSource,
} from './grammars.ts';
export { LANGUAGE_RULES, OUTLINE_LANGUAGES } from './rules.ts';
export default createCodeCompressor;
