/**
 * The code compressor: parse with tree-sitter, keep the outline (imports, types, class shells, signatures, first
 * lines of doc comments), replace bodies and long literals with placeholders that state their line range, keep the
 * bodies the question is about, and re-parse the result: an outline with more syntax errors than its input is
 * discarded. Sync and deterministic; grammars are loaded beforehand by `prepare`.
 */
import { formatCount, plural } from '../../ccr/marker.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { excerptStart, pathFromCommand, printer } from './command.ts';
import { guessLanguage } from './detect.ts';
import { getDefaultGrammarLoader, loadGrammar, parserFor, type GrammarLoader } from './grammars.ts';
import { bodyPlaceholder, lineRange, literalPlaceholder } from './placeholders.ts';
import { estimateTokens, mentioned, routeOf, sizeFloor, type PolicyOptions } from './policy.ts';
import { applyEdits, applyEditsNumbered } from './render.ts';
import { canonicalLanguage, rulesFor, type LanguageRules } from './rules.ts';
import { docstringCut, scan, type Candidate, type Cut, type ScanOptions } from './scan.ts';
import { chooseKept } from './select.ts';
import { sourceText, stripLineNumbers, type SourceText } from './source.ts';
import { errorCount } from './verify.ts';
import { countTokens } from '../../tokens/count.ts';

export const NAME = 'code';

/** Below this many characters the output is checked on exact token counts (cheap at this size). */
const SMALL_CHARS = 16 * 1024;

export interface CodeOptions {
  /** Reads grammar wasm files; defaults to the loader the runtime installed (`setDefaultGrammarLoader`). */
  loader?: GrammarLoader;
  /** Outline every code read above `aggressiveMinTokens` (default: only shell/search output, and large Read results). */
  aggressive?: boolean;
  /** Size floor (estimated tokens) for dedicated Read-tool results. */
  readMinTokens?: number;
  /** Size floor for code from shell output, search/fetch/MCP tools and unknown sources. */
  shellMinTokens?: number;
  /** Size floor in the aggressive profile. */
  aggressiveMinTokens?: number;
  /** Bodies of at most this many lines are always kept. */
  smallBodyLines?: number;
  /** Data literals longer than this many lines are emptied. */
  literalLines?: number;
  /** Doc comments longer than this many lines are cut to their first line. */
  commentLines?: number;
  /** Share of the input's characters that bodies relevant to the question may keep. */
  relevantShare?: number;
  /** Inputs larger than this many characters are left alone (parsing cost). */
  maxChars?: number;
}

interface Plan {
  language: string;
  rules: LanguageRules;
  path: string | undefined;
}

export function createCodeCompressor({
  loader,
  aggressive = false,
  readMinTokens = 10_000,
  shellMinTokens = 1_500,
  aggressiveMinTokens = 500,
  smallBodyLines = 2,
  literalLines = 12,
  commentLines = 3,
  relevantShare = 0.3,
  maxChars = 8_000_000,
}: CodeOptions = {}): Compressor {
  const policy: PolicyOptions = { aggressive, readMinTokens, shellMinTokens, aggressiveMinTokens };
  const loaderOf = (): GrammarLoader | undefined => loader ?? getDefaultGrammarLoader();

  /** Everything decidable without the question or a grammar: language, route, size floor. */
  function plan(input: CompressInput): Plan | undefined {
    const { text, hints } = input;
    if (text.length > maxChars || hints.pendingEdit) return undefined;
    const printed = printer(hints.command) !== undefined;
    if (estimateTokens(text) < sizeFloor(routeOf(hints, printed), policy)) return undefined;
    const path = hints.path ?? pathFromCommand(hints.command);
    const language = canonicalLanguage(hints.language) ?? canonicalLanguage(guessLanguage(text, path));
    const rules = rulesFor(language);
    return language && rules ? { language, rules, path } : undefined;
  }

  return {
    name: NAME,
    supports: (input) => plan(input) !== undefined,
    async prepare(input) {
      const p = plan(input);
      const l = loaderOf();
      if (p && l) await loadGrammar(l, p.language);
    },
    compress(input, ctx) {
      const p = plan(input);
      const l = loaderOf();
      if (!p || !l || mentioned(p.path, ctx.query.text)) return null;
      return outline(input, ctx, p, l, { smallBodyLines, literalLines, commentLines, relevantShare });
    },
  };
}

interface OutlineOptions {
  smallBodyLines: number;
  literalLines: number;
  commentLines: number;
  relevantShare: number;
}

function outline(input: CompressInput, ctx: CompressContext, p: Plan, loader: GrammarLoader, o: OutlineOptions): CompressorOutput | null {
  const parser = parserFor(loader, p.language);
  if (!parser) return null;
  const numbered = stripLineNumbers(input.text);
  // Placeholders cite the file's own line numbers: from the Read tool's prefixes, a `sed -n 'A,Bp'`, or line 1.
  const start = numbered?.first ?? (printer(input.hints.command) ? excerptStart(input.hints.command) : 1);
  const lineBase = start ?? 1;
  const src = sourceText(numbered?.code ?? input.text);
  const cancel = { progressCallback: () => ctx.now() > ctx.deadline };
  const tree = parser.parse(src.text, null, cancel);
  if (!tree) return null;
  let before: number;
  let found;
  try {
    before = errorCount(tree);
    // Many errors means the wrong grammar (or not code): an outline of that would be guesswork.
    if (before > Math.max(2, src.rows / 100)) return null;
    const scanOptions: ScanOptions = { ...o, containerShare: 0.5, lineBase };
    found = scan(tree.rootNode, src, p.rules, scanOptions);
  } finally {
    tree.delete();
  }
  if (ctx.now() > ctx.deadline) return null;

  const kept = chooseKept(found.candidates, src.text, ctx.query, Math.max(2000, src.text.length * o.relevantShare));
  const edits: Cut[] = [...found.cuts];
  let bodies = 0;
  let literals = 0;
  found.candidates.forEach((c, i) => {
    if (kept.has(i)) return;
    const cuts = candidateEdits(c, src, p.rules, lineBase);
    if (cuts.length === 0) return;
    edits.push(...cuts);
    if (c.kind === 'body') bodies++;
    else literals++;
  });
  if (bodies + literals === 0 && found.cuts.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);

  const code = applyEdits(src.text, edits);
  const check = parser.parse(code, null, cancel);
  if (!check) return null;
  const after = errorCount(check);
  check.delete();
  if (after > before) return null;

  const body = numbered ? applyEditsNumbered(src, edits, numbered) : code;
  const lines = (t: string): number => t.split('\n').length - (t.endsWith('\n') ? 1 : 0);
  const keptLines = lines(code);
  const parts = [
    bodies ? plural(bodies, 'body', 'bodies') : '',
    literals ? plural(literals, 'literal') : '',
    found.cuts.length ? plural(found.cuts.length, 'comment') : '',
  ].filter((s) => s !== '');
  const where = p.path ? `read the lines of ${p.path}` : 'retrieve the original, or read the lines';
  const numbering = start === undefined ? '; line numbers count from the first line of this output' : '';
  const summary = `code outline (${p.language}): ${formatCount(keptLines)} of ${plural(lines(src.text), 'line')} shown; `
    + `${parts.join(', ')} elided${kept.size ? `, ${plural(kept.size, 'body', 'bodies')} kept for the question` : ''}`
    + ` — ${where} cited in the notes to see them${numbering}`;
  const text = `${body}${body.endsWith('\n') ? '' : '\n'}${ctx.marker(summary)}`;
  // No gain once the marker is paid for: small inputs are judged on exact tokens, large ones on characters.
  if (text.length >= input.text.length) return null;
  if (input.text.length <= SMALL_CHARS && countTokens(text) >= countTokens(input.text)) return null;
  return { text, lossy: true };
}

/** The replacements that elide one candidate (none when the placeholder would not be shorter). */
function candidateEdits(c: Candidate, src: SourceText, rules: LanguageRules, lineBase: number): Cut[] {
  const text = src.text;
  const first = c.firstRow + lineBase;
  const last = c.lastRow + lineBase;
  let cuts: Cut[];
  if (c.kind === 'literal') {
    const closeIndent = /^[ \t]*/.exec(text.slice(src.lineStart(c.lastRow), c.end))![0];
    cuts = [{ start: c.start, end: c.end, text: literalPlaceholder(rules.style, text[c.start]!, text[c.end - 1]!, first, last, closeIndent) }];
  } else if (c.docstring) {
    // Python: keep the docstring's first line, then `...` for the rest of the body.
    const doc = c.docstring;
    const docCut = docstringCut(src, doc, lineBase);
    cuts = docCut ? [docCut] : [];
    if (doc.lastRow < c.lastRow) {
      const indent = text.slice(src.lineStart(c.firstRow), c.start);
      cuts.push({ start: doc.end, end: c.end, text: `\n${indent}...  # ${lineRange(doc.lastRow + 1 + lineBase, last)}` });
    }
  } else {
    const restEmpty = text.slice(c.end, src.lineEnd(c.lastRow)).trim() === '';
    cuts = [{ start: c.start, end: c.end, text: bodyPlaceholder(rules.style, first, last, restEmpty) }];
  }
  const saved = cuts.reduce((n, e) => n + (e.end - e.start) - e.text.length, 0);
  return saved > 0 ? cuts : [];
}
