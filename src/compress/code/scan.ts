/**
 * One walk over the syntax tree that finds what an outline may shorten: function bodies and long data literals
 * (candidates; whether each is elided depends on the query and budget), and doc comments/docstrings to cut to their
 * first line (fixed cuts). The walk never enters a function body it hands out, and skips subtrees too short to hold
 * anything elidable, so it touches a small fraction of the nodes.
 */
import type { Node, Point, TreeCursor } from 'web-tree-sitter';
import type { LanguageRules } from './rules.ts';
import { lineRange } from './placeholders.ts';
import type { SourceText } from './source.ts';

export interface Span {
  start: number;
  end: number;
  /** 0-based rows of the first and last line the span touches. */
  firstRow: number;
  lastRow: number;
}

export interface Candidate extends Span {
  kind: 'body' | 'literal';
  /** Start of the whole definition or statement (signature text for relevance). */
  defStart: number;
  name: string;
  /** Name of the innermost enclosing class/impl/module, if any (a query naming a class keeps its methods). */
  owner: string;
  /** Python: the leading docstring of a body, kept (first line) when the body is elided. */
  docstring?: Span;
}

/** A fixed replacement of [start, end). */
export interface Cut {
  start: number;
  end: number;
  text: string;
}

export interface ScanOptions {
  /** Bodies of at most this many lines (inside the braces) are always kept. */
  smallBodyLines: number;
  /** Literals spanning more lines than this are candidates. */
  literalLines: number;
  /** Comments and docstrings spanning more lines than this are cut to their first line. */
  commentLines: number;
  /** A function whose body is mostly nested functions is outlined inside instead of elided (IIFEs, factories, describe). */
  containerShare: number;
  /** Number of the first line of the text in the file (1 unless the text is an excerpt). */
  lineBase: number;
}

export interface ScanResult {
  candidates: Candidate[];
  cuts: Cut[];
}

const lastRowOf = (start: number, end: number, endPos: Point): number =>
  endPos.column === 0 && end > start ? endPos.row - 1 : endPos.row;

const nodeLastRow = (n: Node): number => lastRowOf(n.startIndex, n.endIndex, n.endPosition);

/** Node types that name a scope whose members a query may be about (class Foo, impl Foo, module Foo…). */
const OWNER = /class|impl_item|trait|interface|struct|module|namespace|object_declaration|enum/;

const NAME_HOLDERS = new Set([
  'variable_declarator', 'pair', 'assignment_expression', 'public_field_definition', 'field_definition',
  'property_assignment', 'assignment', 'short_var_declaration', 'let_declaration', 'const_item', 'static_item',
  'init_declarator', 'keyed_element', 'variable_declaration', 'const_declaration', 'expression_statement',
]);
const NAME_FIELDS = ['name', 'key', 'left', 'pattern', 'declarator'] as const;
const IDENTIFIER = /^(?:identifier|field_identifier|property_identifier|qualified_identifier|operator_name|destructor_name|type_identifier|constant|scoped_identifier)$/;

/** The name a definition is known by: its own `name`, a C declarator's identifier, or what it is assigned to. */
function nameOf(node: Node): string {
  const own = node.childForFieldName('name');
  if (own) return own.text;
  let d = node.childForFieldName('declarator');
  for (let i = 0; d && i < 6; i++) {
    if (IDENTIFIER.test(d.type)) return d.text;
    d = d.childForFieldName('declarator') ?? d.childForFieldName('name');
  }
  const parent = node.parent;
  if (parent && NAME_HOLDERS.has(parent.type)) {
    for (const f of NAME_FIELDS) {
      const n = parent.childForFieldName(f);
      if (n && n.id !== node.id && n.endIndex - n.startIndex <= 200) return n.text;
    }
  }
  return '';
}

export function scan(root: Node, src: SourceText, rules: LanguageRules, opts: ScanOptions): ScanResult {
  const text = src.text;
  const candidates: Candidate[] = [];
  const cuts: Cut[] = [];
  const python = rules.style === 'python';
  const curly = rules.style === 'c' || rules.style === 'bash';

  /** Rows covered by functions nested in `body` (not counting functions inside those). */
  function nestedRows(body: Node): number {
    let rows = 0;
    const c = body.walk();
    const visit = (): void => {
      if (!c.gotoFirstChild()) return;
      do {
        if (!c.nodeIsNamed) continue;
        const first = c.startPosition.row;
        const last = lastRowOf(c.startIndex, c.endIndex, c.endPosition);
        if (last - first + 1 <= opts.smallBodyLines) continue;
        if (rules.functions.has(c.nodeType)) rows += last - first + 1;
        else visit();
      } while (c.gotoNextSibling());
      c.gotoParent();
    };
    visit();
    c.delete();
    return rows;
  }

  function docstringOf(body: Node): Span | undefined {
    const first = body.firstNamedChild;
    if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return undefined;
    const s = first.firstNamedChild;
    if (!s || s.type !== 'string') return undefined;
    return { start: s.startIndex, end: s.endIndex, firstRow: s.startPosition.row, lastRow: nodeLastRow(s) };
  }

  /** True when the function was handled (candidate or kept small); false to walk into it like any node. */
  function onFunction(node: Node): boolean {
    const body = node.childForFieldName('body');
    if (!body || !rules.bodies.has(body.type)) return false;
    if (curly && (text[body.startIndex] !== '{' || text[body.endIndex - 1] !== '}')) return false;
    const firstRow = body.startPosition.row;
    const lastRow = nodeLastRow(body);
    const rows = lastRow - firstRow + 1;
    // Braces on their own lines are not content: a C-like body's size is its interior.
    if ((curly && rows > 2 ? rows - 2 : rows) <= opts.smallBodyLines) return true;
    const name = nameOf(node);
    // Callbacks and IIFEs (no name) wrap whole modules and test suites; a named function must be almost all
    // nested definitions (a factory) before its insides are outlined rather than elided.
    const share = name === '' ? opts.containerShare : Math.max(opts.containerShare, 0.8);
    if (rows > 10 && nestedRows(body) > rows * share) return false;
    candidates.push({
      kind: 'body', start: body.startIndex, end: body.endIndex, firstRow, lastRow, defStart: node.startIndex,
      name, owner: owners[owners.length - 1] ?? '', docstring: python ? docstringOf(body) : undefined,
    });
    return true;
  }

  function onLiteral(node: Node, firstRow: number, lastRow: number): boolean {
    const open = text[node.startIndex];
    const close = text[node.endIndex - 1];
    if (!((open === '{' && close === '}') || (open === '[' && close === ']') || (open === '(' && close === ')'))) return false;
    const holder = node.parent;
    candidates.push({
      kind: 'literal', start: node.startIndex, end: node.endIndex, firstRow, lastRow,
      defStart: holder ? holder.startIndex : node.startIndex, name: nameOf(node), owner: owners[owners.length - 1] ?? '',
    });
    return true;
  }

  const owners: string[] = [];

  // Consecutive whole-line comments with the same prefix (`//`, `///`, `#`) among one node's children.
  let run: { rows: number[]; starts: number[]; prefix: string } | undefined;

  function flushRun(): void {
    const r = run;
    run = undefined;
    if (!r || r.rows.length <= opts.commentLines) return;
    // Keep through the first line that says something (a run may open with a bare `//`).
    let k = 0;
    while (k < r.rows.length - 1 && text.slice(r.starts[k]! + r.prefix.length, src.lineEnd(r.rows[k]!)).trim() === '') k++;
    if (k >= r.rows.length - 1) return;
    const from = r.rows[k + 1]!;
    const to = r.rows[r.rows.length - 1]!;
    const indent = text.slice(src.lineStart(from), r.starts[k + 1]!);
    cuts.push({
      start: src.lineStart(from), end: src.lineEnd(to),
      text: `${indent}${r.prefix} ${lineRange(from + opts.lineBase, to + opts.lineBase)}`,
    });
  }

  function onComment(start: number, end: number, firstRow: number, lastRow: number): void {
    const lineStart = src.lineStart(firstRow);
    const alone = text.slice(lineStart, start).trim() === '';
    if (firstRow === lastRow) {
      const m = alone ? /^(?:\/\/[/!]?|#)/.exec(text.slice(start, start + 3)) : null;
      if (m && run && run.prefix === m[0] && run.rows[run.rows.length - 1] === firstRow - 1) {
        run.rows.push(firstRow);
        run.starts.push(start);
        return;
      }
      flushRun();
      if (m) run = { rows: [firstRow], starts: [start], prefix: m[0] };
      return;
    }
    flushRun();
    if (lastRow - firstRow + 1 <= opts.commentLines || !text.startsWith('/*', start)) return;
    if (text.slice(end, src.lineEnd(lastRow)).trim() !== '') return;
    // Block comment: keep through its first line of content, close it on a note line.
    const k = /^\/\*+!?\s*$/.test(text.slice(start, src.lineEnd(firstRow))) ? 1 : 0;
    const from = firstRow + k + 1;
    if (from > lastRow) return;
    const lastLine = text.slice(src.lineStart(lastRow), src.lineEnd(lastRow));
    const indent = /^\s*/.exec(lastLine)![0];
    cuts.push({
      start: src.lineStart(from), end: src.lineEnd(lastRow),
      text: `${indent}* ${lineRange(from + opts.lineBase, lastRow + opts.lineBase)} */`,
    });
  }

  function visit(c: TreeCursor): void {
    if (!c.nodeIsNamed) return;
    const type = c.nodeType;
    const firstRow = c.startPosition.row;
    const lastRow = lastRowOf(c.startIndex, c.endIndex, c.endPosition);
    if (rules.comments.has(type)) {
      onComment(c.startIndex, c.endIndex, firstRow, lastRow);
      return;
    }
    flushRun();
    const rows = lastRow - firstRow + 1;
    if (rows <= opts.smallBodyLines) return;
    if (rules.functions.has(type)) {
      if (onFunction(c.currentNode)) return;
    } else if (rules.literals.has(type) && rows > opts.literalLines) {
      if (onLiteral(c.currentNode, firstRow, lastRow)) return;
    } else if (python && type === 'expression_statement' && rows > opts.commentLines) {
      const node = c.currentNode;
      const s = node.namedChildCount === 1 ? node.firstNamedChild : null;
      if (s && s.type === 'string' && !node.previousNamedSibling) {
        const cut = docstringCut(src, { start: s.startIndex, end: s.endIndex, firstRow, lastRow }, opts.lineBase);
        if (cut) cuts.push(cut);
        return;
      }
    }
    if (OWNER.test(type)) {
      const node = c.currentNode;
      const name = node.childForFieldName('name') ?? node.childForFieldName('type');
      if (name && name.endIndex - name.startIndex <= 200) {
        owners.push(name.text);
        children(c);
        owners.pop();
        return;
      }
    }
    children(c);
  }

  function children(c: TreeCursor): void {
    if (!c.gotoFirstChild()) return;
    const outer = run;
    run = undefined;
    do visit(c);
    while (c.gotoNextSibling());
    flushRun();
    run = outer;
    c.gotoParent();
  }

  const cursor = root.walk();
  children(cursor);
  cursor.delete();
  return { candidates, cuts };
}

const DOC_OPEN = /^[rRuUbBfF]{0,2}("""|''')/;

/**
 * Cuts a multi-line Python docstring to its first line of content, closed by its own delimiter on a note line:
 * `"""Summary.` / `"""  # lines 4-9 elided`. Undefined when it is one line or not a plain triple-quoted string.
 */
export function docstringCut(src: SourceText, doc: Span, lineBase: number): Cut | undefined {
  const text = src.text;
  const m = DOC_OPEN.exec(text.slice(doc.start, doc.start + 8));
  if (!m || doc.lastRow === doc.firstRow) return undefined;
  const delim = m[1]!;
  if (!text.startsWith(delim, doc.end - 3) || text.slice(doc.end, src.lineEnd(doc.lastRow)).trim() !== '') return undefined;
  const k = text.slice(doc.start + m[0].length, src.lineEnd(doc.firstRow)).trim() === '' ? 1 : 0;
  const from = doc.firstRow + k + 1;
  if (from > doc.lastRow) return undefined;
  const indent = /^\s*/.exec(text.slice(src.lineStart(doc.firstRow), doc.start))![0];
  return {
    start: src.lineStart(from), end: doc.end,
    text: `${indent}${delim}  # ${lineRange(from + lineBase, doc.lastRow + lineBase)}`,
  };
}
