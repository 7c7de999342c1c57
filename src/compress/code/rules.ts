/**
 * Per-language syntax facts the outliner needs: which grammar file parses it, which node types are functions whose
 * `body` may be elided, which are long data literals, and how a placeholder is written so the output still parses.
 * Every grammar names a function's body field `body`, which keeps the walker generic.
 */

/** How an elided body is written: Python `...  # …`, C-like block comment in braces, Ruby `# …`, Bash `{ :; }  # …`. */
export type PlaceholderStyle = 'python' | 'c' | 'ruby' | 'bash';

export interface LanguageRules {
  /** File name in wasm/ (see wasm/MANIFEST.json). */
  readonly grammar: string;
  readonly style: PlaceholderStyle;
  /** Node types with a `body` field that holds the implementation. */
  readonly functions: ReadonlySet<string>;
  /** Node types whose body must be of this type to be elided (e.g. an arrow function's block, not its expression). */
  readonly bodies: ReadonlySet<string>;
  /** Bracketed collection literals (`{…}`, `[…]`) that may be emptied when long. */
  readonly literals: ReadonlySet<string>;
  /** Comment node types (line and block). */
  readonly comments: ReadonlySet<string>;
  /** Start of a line comment, for elision notes inside comment runs. */
  readonly lineComment: string;
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

const JS_FUNCTIONS = set(
  'function_declaration', 'generator_function_declaration', 'function_expression',
  'generator_function', 'arrow_function', 'method_definition',
);
const JS_LITERALS = set('object', 'array');
const C_COMMENTS = set('comment');

const JS: Omit<LanguageRules, 'grammar'> = {
  style: 'c', functions: JS_FUNCTIONS, bodies: set('statement_block'), literals: JS_LITERALS,
  comments: C_COMMENTS, lineComment: '//',
};

export const LANGUAGE_RULES: Readonly<Record<string, LanguageRules>> = {
  python: {
    grammar: 'tree-sitter-python.wasm', style: 'python', functions: set('function_definition'), bodies: set('block'),
    literals: set('dictionary', 'list', 'set', 'tuple'), comments: set('comment'), lineComment: '#',
  },
  javascript: { grammar: 'tree-sitter-javascript.wasm', ...JS },
  typescript: { grammar: 'tree-sitter-typescript.wasm', ...JS },
  tsx: { grammar: 'tree-sitter-tsx.wasm', ...JS },
  go: {
    grammar: 'tree-sitter-go.wasm', style: 'c', functions: set('function_declaration', 'method_declaration', 'func_literal'),
    bodies: set('block'), literals: set('literal_value'), comments: C_COMMENTS, lineComment: '//',
  },
  rust: {
    grammar: 'tree-sitter-rust.wasm', style: 'c', functions: set('function_item', 'closure_expression'),
    bodies: set('block'), literals: set('array_expression'), comments: set('line_comment', 'block_comment'),
    lineComment: '//',
  },
  java: {
    grammar: 'tree-sitter-java.wasm', style: 'c',
    functions: set('method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression'),
    bodies: set('block', 'constructor_body'), literals: set('array_initializer'),
    comments: set('line_comment', 'block_comment'), lineComment: '//',
  },
  c: {
    grammar: 'tree-sitter-c.wasm', style: 'c', functions: set('function_definition'), bodies: set('compound_statement'),
    literals: set('initializer_list'), comments: C_COMMENTS, lineComment: '//',
  },
  cpp: {
    grammar: 'tree-sitter-cpp.wasm', style: 'c', functions: set('function_definition', 'lambda_expression'),
    bodies: set('compound_statement'), literals: set('initializer_list'), comments: C_COMMENTS, lineComment: '//',
  },
  c_sharp: {
    grammar: 'tree-sitter-c_sharp.wasm', style: 'c',
    functions: set(
      'method_declaration', 'constructor_declaration', 'destructor_declaration', 'operator_declaration',
      'conversion_operator_declaration', 'local_function_statement', 'accessor_declaration', 'lambda_expression',
      'anonymous_method_expression',
    ),
    bodies: set('block'), literals: set('initializer_expression'), comments: C_COMMENTS, lineComment: '//',
  },
  ruby: {
    grammar: 'tree-sitter-ruby.wasm', style: 'ruby', functions: set('method', 'singleton_method'),
    bodies: set('body_statement'), literals: set('hash', 'array'), comments: set('comment'), lineComment: '#',
  },
  php: {
    grammar: 'tree-sitter-php.wasm', style: 'c', functions: set('function_definition', 'method_declaration', 'anonymous_function'),
    bodies: set('compound_statement'), literals: set('array_creation_expression'), comments: set('comment'),
    lineComment: '//',
  },
  bash: {
    grammar: 'tree-sitter-bash.wasm', style: 'bash', functions: set('function_definition'),
    bodies: set('compound_statement'), literals: set(), comments: set('comment'), lineComment: '#',
  },
};

/** Languages that have a grammar, in a fixed order (tests and the bench iterate it). */
export const OUTLINE_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_RULES);

/** Aliases callers use (fence info strings, tool hints) → our language ids. */
const ALIASES: Readonly<Record<string, string>> = {
  py: 'python', python3: 'python', js: 'javascript', node: 'javascript', jsx: 'javascript', mjs: 'javascript',
  ts: 'typescript', golang: 'go', rs: 'rust', 'c++': 'cpp', cxx: 'cpp', cc: 'cpp', hpp: 'cpp', h: 'c',
  cs: 'c_sharp', csharp: 'c_sharp', 'c#': 'c_sharp', rb: 'ruby', sh: 'bash', shell: 'bash', zsh: 'bash',
};

export function rulesFor(language: string | undefined): LanguageRules | undefined {
  if (!language) return undefined;
  const l = language.toLowerCase();
  return LANGUAGE_RULES[ALIASES[l] ?? l];
}

export function canonicalLanguage(language: string | undefined): string | undefined {
  if (!language) return undefined;
  const l = language.toLowerCase();
  const c = ALIASES[l] ?? l;
  return c in LANGUAGE_RULES ? c : undefined;
}
