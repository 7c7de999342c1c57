/**
 * Lazy, once-per-process loading of the tree-sitter runtime and grammars through an injected loader, so src/ stays
 * web-standard: Node/Bun/Deno hand in bytes read from wasm/, a Worker hands in precompiled `WebAssembly.Module`s
 * (compiling wasm from bytes is forbidden there). Loading is async; parsing afterwards is sync.
 */
import { Language, Parser } from 'web-tree-sitter';
import { rulesFor } from './rules.ts';

export type WasmSource = Uint8Array | WebAssembly.Module;

/** Returns the bytes (or a compiled module) of a file shipped in wasm/, e.g. "tree-sitter-python.wasm". */
export type GrammarLoader = (file: string) => Promise<WasmSource>;

/** web-tree-sitter's own runtime, shipped next to the grammars. */
export const RUNTIME_WASM = 'tree-sitter.wasm';

let defaultLoader: GrammarLoader | undefined;

/**
 * Installs the loader the default code compressor uses when none is passed in options. The Node entry
 * (runtimes/node-wasm.ts) calls this with a reader of the package's wasm/ folder; other runtimes do the same.
 */
export function setDefaultGrammarLoader(loader: GrammarLoader | undefined): void {
  defaultLoader = loader;
}

export function getDefaultGrammarLoader(): GrammarLoader | undefined {
  return defaultLoader;
}

// The emscripten runtime behind web-tree-sitter is a single module per process, so it initialises once, with the
// first loader that asks; grammars are cached per loader (a test may pass a different one).
let runtime: Promise<void> | undefined;

interface GrammarSet {
  parser: Parser | undefined;
  languages: Map<string, Language>;
  pending: Map<string, Promise<Language | undefined>>;
  /** Grammars that failed to load: not retried on every request. */
  failed: Set<string>;
}

const sets = new WeakMap<GrammarLoader, GrammarSet>();

function setOf(loader: GrammarLoader): GrammarSet {
  let s = sets.get(loader);
  if (!s) {
    s = { parser: undefined, languages: new Map(), pending: new Map(), failed: new Set() };
    sets.set(loader, s);
  }
  return s;
}

/**
 * Grammars handed in as compiled modules (workerd), keyed by the empty stand-in passed to `Language.load`: that
 * accepts only bytes in web-tree-sitter 0.25, but the emscripten loader behind it (`loadWebAssemblyModule`, on the
 * runtime's module object) accepts a `WebAssembly.Module`, so the stand-in is swapped for the module there.
 */
const precompiled = new WeakMap<Uint8Array, WebAssembly.Module>();

type LoadWasm = (binary: Uint8Array | WebAssembly.Module, ...rest: unknown[]) => unknown;

function swapPrecompiled(emscripten: { loadWebAssemblyModule?: LoadWasm }): void {
  const load = emscripten.loadWebAssemblyModule;
  if (!load) return;
  emscripten.loadWebAssemblyModule = (binary, ...rest) =>
    load(binary instanceof Uint8Array ? precompiled.get(binary) ?? binary : binary, ...rest);
}

function initRuntime(loader: GrammarLoader): Promise<void> {
  runtime ??= loader(RUNTIME_WASM).then(async (wasm) => {
    // Emscripten module options: bytes via wasmBinary, or a precompiled module instantiated synchronously.
    const options = wasm instanceof WebAssembly.Module
      ? {
        instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
          const instance = new WebAssembly.Instance(wasm, imports);
          done(instance, wasm);
          return instance.exports;
        },
      }
      : { wasmBinary: wasm };
    await Parser.init(options as Parameters<typeof Parser.init>[0]);
    // Emscripten fills in the options object as the runtime's module (`Module = moduleArg`).
    swapPrecompiled(options as { loadWebAssemblyModule?: LoadWasm });
  });
  // A failed start (missing file) must not poison every later attempt with a different loader.
  runtime.catch(() => { runtime = undefined; });
  return runtime;
}

/**
 * Loads the grammar for `language` (once per loader); resolves to false when the language has no grammar or
 * loading failed. Never throws: the code compressor then declines.
 */
export async function loadGrammar(loader: GrammarLoader, language: string): Promise<boolean> {
  const rules = rulesFor(language);
  if (!rules) return false;
  const s = setOf(loader);
  if (s.languages.has(rules.grammar)) return true;
  if (s.failed.has(rules.grammar)) return false;
  let p = s.pending.get(rules.grammar);
  if (!p) {
    p = (async () => {
      try {
        await initRuntime(loader);
        const wasm = await loader(rules.grammar);
        let bytes: Uint8Array;
        if (wasm instanceof Uint8Array) {
          bytes = wasm;
        } else {
          bytes = new Uint8Array(0);
          precompiled.set(bytes, wasm);
        }
        const lang = await Language.load(bytes);
        s.languages.set(rules.grammar, lang);
        return lang;
      } catch {
        s.failed.add(rules.grammar);
        return undefined;
      } finally {
        s.pending.delete(rules.grammar);
      }
    })();
    s.pending.set(rules.grammar, p);
  }
  return (await p) !== undefined;
}

/** The shared parser set to `language`'s grammar, or undefined when that grammar has not been loaded yet. */
export function parserFor(loader: GrammarLoader, language: string): Parser | undefined {
  const rules = rulesFor(language);
  const s = rules && sets.get(loader);
  const lang = s && rules ? s.languages.get(rules.grammar) : undefined;
  if (!s || !lang) return undefined;
  s.parser ??= new Parser();
  s.parser.setLanguage(lang);
  return s.parser;
}
