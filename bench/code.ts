/**
 * Section "code": real source files shipped on this machine (Python stdlib, C/C++/PHP/Bash/TypeScript from system and
 * npm packages) printed with `cat`, outlined end to end through compressText. Reports per file: tokens saved, gold
 * facts kept (signatures a correct answer needs; with a question, the body lines that answer it), syntax errors of
 * the outline versus the input (re-parsed here), and single-core throughput on the request path (countTokens: false).
 * Files missing on a machine are skipped and listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeGrammarLoader, installNodeGrammarLoader } from '../runtimes/node-wasm.ts';
import { compressText } from '../src/index.ts';
import { loadGrammar, parserFor } from '../src/compress/code/grammars.ts';
import { errorCount } from '../src/compress/code/verify.ts';
import { countTokens } from '../src/tokens/count.ts';
import { factKept } from '../src/perf/gold.ts';
import { type SectionResult, fixed, median, num, progress } from './report.ts';

export const CODE_TARGET_PCT = 70;
export const CODE_TARGET_MBS = 3;

interface Case {
  file: string;
  language: string;
  query?: string;
  gold: string[];
}

const PY = '/usr/lib/python3.11';
const CASES = (root: string): Case[] => [
  { file: `${PY}/argparse.py`, language: 'python', gold: [
    'class ArgumentParser(_AttributeHolder, _ActionsContainer):', '    def parse_known_args(self, args=None, namespace=None):',
    '    def add_argument(self, *args, **kwargs):'] },
  { file: `${PY}/argparse.py`, language: 'python', query: 'How does parse_known_args handle the namespace defaults?', gold: [
    '    def parse_known_args(self, args=None, namespace=None):', '            namespace = Namespace()'] },
  { file: `${PY}/subprocess.py`, language: 'python', gold: [
    'def check_output(*popenargs, timeout=None, **kwargs):', 'class Popen:', '    def communicate(self, input=None, timeout=None):'] },
  { file: `${PY}/typing.py`, language: 'python', gold: [
    'def get_type_hints(obj, globalns=None, localns=None, include_extras=False):', 'def cast(typ, val):',
    'class Protocol(Generic, metaclass=_ProtocolMeta):'] },
  { file: '/usr/lib/python3/dist-packages/onnx/checker.cc', language: 'cpp', gold: [
    'void check_opset_compatibility(', 'void check_model_local_functions('] },
  { file: join(root, 'node_modules/tree-sitter-bash/src/scanner.c'), language: 'c', gold: [
    'static bool scan_heredoc_start(Heredoc *heredoc, TSLexer *lexer) {',
    'static bool scan(Scanner *scanner, TSLexer *lexer, const bool *valid_symbols) {'] },
  { file: join(root, 'node_modules/tree-sitter-ruby/src/scanner.c'), language: 'c', gold: [] },
  { file: '/usr/lib/google-cloud-sdk/platform/google_appengine/php/sdk/google/appengine/api/cloud_storage/CloudStorageTools.php',
    language: 'php', gold: ['  public static function createUploadUrl($success_path, $options = array()) {',
      '  public static function deleteImageServingUrl($gs_filename) {'] },
  { file: '/usr/share/doc/git/contrib/subtree/git-subtree.sh', language: 'bash', gold: ['cmd_add () {', 'cmd_split () {', 'main () {'] },
  { file: join(root, 'node_modules/htmlparser2/src/Tokenizer.ts'), language: 'typescript', gold: ['export default class Tokenizer {'] },
  { file: join(root, 'node_modules/onnxruntime-web/lib/wasm/wasm-core-impl.ts'), language: 'typescript', gold: [
    'export const initRuntime = async (env: Env): Promise<void> => {', 'export const createSession = async ('] },
  { file: join(root, 'node_modules/typescript/lib/_tsc.js'), language: 'javascript', gold: [] },
];

async function errorsOf(language: string, text: string): Promise<number> {
  const loader = createNodeGrammarLoader();
  await loadGrammar(loader, language);
  const tree = parserFor(loader, language)!.parse(text)!;
  const n = errorCount(tree);
  tree.delete();
  return n;
}

export async function runCode(root: string): Promise<SectionResult> {
  installNodeGrammarLoader();
  const rows: string[][] = [];
  const failures: string[] = [];
  const skipped: string[] = [];
  const data: unknown[] = [];
  let bytes = 0;
  let ms = 0;
  let bigBefore = 0;
  let bigAfter = 0;
  let kept = 0;
  let total = 0;
  for (const c of CASES(root)) {
    if (!existsSync(c.file)) {
      skipped.push(c.file);
      continue;
    }
    const name = c.file.slice(c.file.lastIndexOf('/') + 1);
    progress(`code: ${name}${c.query ? ' (with question)' : ''}`);
    const text = readFileSync(c.file, 'utf8');
    const command = `cat ${c.file}`;
    const r = await compressText(text, { toolName: 'Bash', command, query: c.query });
    // Throughput on the request path: warm once, then the median of a few runs.
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      await compressText(text, { toolName: 'Bash', command, query: c.query, countTokens: false });
      times.push(performance.now() - t0);
    }
    const t = median(times.slice(1));
    const before = countTokens(text);
    const after = countTokens(r.text);
    const outline = r.text.includes('\n[headroom:') ? r.text.slice(0, r.text.lastIndexOf('\n[headroom:')) : r.text;
    const errIn = await errorsOf(c.language, text);
    const errOut = await errorsOf(c.language, outline);
    const lost = c.gold.filter((g) => !factKept(r.text, g));
    for (const g of lost) failures.push(`code ${name}: lost gold fact ${JSON.stringify(g)}`);
    if (errOut > errIn) failures.push(`code ${name}: outline has ${errOut} syntax errors, input ${errIn}`);
    if (!c.query) {
      bytes += text.length;
      ms += t;
      if (before > 2000) {
        bigBefore += before;
        bigAfter += after;
      }
    }
    kept += c.gold.length - lost.length;
    total += c.gold.length;
    const saved = (1 - after / before) * 100;
    data.push({ file: c.file, language: c.language, query: c.query, tokensBefore: before, tokensAfter: after, savedPct: saved,
      goldKept: c.gold.length - lost.length, goldTotal: c.gold.length, errorsIn: errIn, errorsOut: errOut, ms: t });
    rows.push([name, c.language, c.query ? 'yes' : '', `${num(before)} → ${num(after)}`, `${fixed(saved)}%`,
      `${c.gold.length - lost.length}/${c.gold.length}`, `${errIn} → ${errOut}`, fixed(t), fixed(text.length / 1e6 / (t / 1000), 2)]);
  }
  const overall = bigBefore ? (1 - bigAfter / bigBefore) * 100 : 0;
  const mbs = ms ? bytes / 1e6 / (ms / 1000) : 0;
  rows.push(['overall (no question, > 2k tokens)', '', '', `${num(bigBefore)} → ${num(bigAfter)}`, `${fixed(overall)}%`,
    `${kept}/${total}`, '', '', fixed(mbs, 2)]);
  return {
    name: 'code',
    failures,
    data: { savedPct: overall, targetPct: CODE_TARGET_PCT, mbPerS: mbs, targetMbPerS: CODE_TARGET_MBS, goldKept: kept,
      goldTotal: total, files: data, skipped },
    tables: [{
      title: 'Code outlines of real source files (`cat FILE`, tree-sitter)',
      headers: ['file', 'language', 'question', 'tokens before → after', 'saved', 'gold kept', 'syntax errors in → out', 'ms', 'MB/s'],
      rows,
      notes: [
        `targets: ≥${CODE_TARGET_PCT}% saved on files over 2k tokens without a question, every signature kept, no new syntax`
          + ` errors, ≥${CODE_TARGET_MBS} MB/s end to end on one core (request path, countTokens: false)`,
        ...(skipped.length ? [`skipped (not on this machine): ${skipped.join(', ')}`] : []),
      ],
    }],
  };
}
