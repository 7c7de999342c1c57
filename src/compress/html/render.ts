/**
 * Renders the main-content subtree as compact markdown: `#` headings, paragraphs, `-`/`1.` lists, pipe tables,
 * fenced code blocks copied verbatim, `[text](href)` for links worth following, `[image: alt]` for images.
 * Chrome (see boilerplate.ts) is skipped as the walk meets it.
 */
import { type ChromeRules, chromeRules, isChrome } from './boilerplate.ts';
import { codeLanguage, hasLineBreak, rawText } from './code-block.ts';
import type { El } from './parse.ts';
import { renderTable } from './table.ts';

export interface RenderOptions {
  /** Keep hrefs as markdown links (each href once). */
  readonly links: boolean;
  /** Longer hrefs (tracking URLs, data blobs) are dropped, their link text kept. */
  readonly maxHrefLength: number;
  readonly deadline: number;
  readonly now: () => number;
}

export interface Rendered {
  readonly lines: string[];
  /** Characters emitted (markup included), to tell a real page from an empty app shell. */
  readonly textChars: number;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'details', 'dialog', 'div', 'dl', 'dt', 'dd',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'html', 'legend', 'li', 'main', 'nav',
  'ol', 'p', 'section', 'summary', 'table', 'ul', 'tr', 'caption', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);
const HEADING_LEVEL: Readonly<Record<string, number>> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const WS = /\s+/g;
// Zero-width characters (anchor-link placeholders, soft joins) are invisible on the page and cost tokens here.
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

export class Renderer {
  readonly lines: string[] = [];
  /** Pieces of the current line, not yet emitted (an array: links and code spans rewrite their tail cheaply). */
  private parts: string[] = [];
  /** The current line is empty or ends with a space, so a leading space of the next text is dropped. */
  private atSpace = true;
  /** Lead of continuation lines inside list items and blockquotes. */
  prefix = '';
  /** Lead of the next emitted line only: the bullet of a list item that has not printed yet. */
  marker: string | null = null;
  /** > 0 while rendering into one line (table cell, heading): blocks and breaks become spaces. */
  flat = 0;
  flushes = 0;
  timedOut = false;
  private visited = 0;
  private readonly seenHrefs = new Set<string>();

  constructor(
    readonly rules: ChromeRules,
    readonly opts: RenderOptions,
  ) {}

  text(s: string): void {
    let t = s.replace(WS, ' ').replace(ZERO_WIDTH, '');
    if (t.charCodeAt(0) === 32 && this.atSpace) t = t.slice(1);
    this.put(t);
  }

  private put(t: string): void {
    if (t === '') return;
    this.parts.push(t);
    this.atSpace = t.charCodeAt(t.length - 1) === 32;
  }

  /** Removes and returns the pieces added since `start` (a `parts.length` taken earlier). */
  private take(start: number): string {
    const raw = this.parts.slice(start).join('');
    this.parts.length = start;
    const last = this.parts[start - 1];
    this.atSpace = last === undefined || last.charCodeAt(last.length - 1) === 32;
    return raw;
  }

  flush(): void {
    const t = this.take(0).trim();
    if (t === '') return;
    this.flushes++;
    this.emit(t);
  }

  emit(line: string): void {
    const lead = this.marker ?? this.prefix;
    this.marker = null;
    this.lines.push(line === '' ? lead.trimEnd() : lead + line);
  }

  /** A blank line between top-level blocks; inside lists and quotes blocks stay tight. */
  blank(): void {
    if (this.prefix !== '' || this.marker !== null) return;
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last !== '') this.lines.push('');
  }

  children(el: El): void {
    for (const c of el.children) {
      if (this.timedOut) return;
      if (typeof c === 'string') this.text(c);
      else this.render(c);
    }
  }

  /** The children of `el` rendered onto one line. */
  flatText(el: El): string {
    const saved = this.parts;
    const savedAtSpace = this.atSpace;
    this.parts = [];
    this.atSpace = true;
    this.flat++;
    this.children(el);
    this.flat--;
    const t = this.take(0).trim();
    this.parts = saved;
    this.atSpace = savedAtSpace;
    return t;
  }

  render(el: El): void {
    if ((++this.visited & 1023) === 0 && this.opts.now() > this.opts.deadline) this.timedOut = true;
    if (this.timedOut || isChrome(el, this.rules)) return;
    const tag = el.tag;
    const level = HEADING_LEVEL[tag];
    if (level !== undefined) return this.heading(el, level);
    switch (tag) {
      case 'a':
        return this.link(el);
      case 'img': {
        const alt = el.attrs.alt?.replace(WS, ' ').trim();
        if (alt) this.text(`[image: ${alt}]`);
        return;
      }
      case 'br':
        return this.flat > 0 ? this.text(' ') : this.flush();
      case 'hr':
        return this.flat > 0 ? this.text(' ') : (this.flush(), this.blank());
      case 'input':
        // Only checkboxes reach here (parse.ts drops other inputs): task-list items on GitHub-like pages.
        return this.text(el.attrs.checked !== undefined ? '[x] ' : '[ ] ');
      case 'code':
        return hasLineBreak(el) ? this.pre(el) : this.wrapInline(el, '`');
      case 'del':
      case 's':
      case 'strike':
        return this.wrapInline(el, '~~');
      case 'pre':
        return this.pre(el);
      case 'ul':
      case 'ol':
      case 'menu':
        return this.list(el, tag === 'ol');
      case 'li':
        return this.item(el, '- ');
      case 'blockquote':
        return this.quote(el);
      case 'dd':
        return this.indented(el);
      case 'table':
        return this.flat > 0 ? this.spaced(el) : renderTable(this, el);
      case 'td':
      case 'th':
        return this.spaced(el);
      case 'p':
        return this.paragraph(el);
      default:
        if (!BLOCK.has(tag)) return this.children(el);
        if (this.flat > 0) return this.spaced(el);
        this.flush();
        this.children(el);
        this.flush();
    }
  }

  spaced(el: El): void {
    this.text(' ');
    this.children(el);
    this.text(' ');
  }

  paragraph(el: El): void {
    if (this.flat > 0) return this.spaced(el);
    this.flush();
    this.blank();
    this.children(el);
    this.flush();
    this.blank();
  }

  heading(el: El, level: number): void {
    if (this.flat > 0) return this.spaced(el);
    const t = this.flatText(el);
    if (t === '') return;
    this.flush();
    this.blank();
    this.emit(`${'#'.repeat(level)} ${t}`);
    this.blank();
  }

  link(el: El): void {
    const start = this.parts.length;
    const flushes = this.flushes;
    this.children(el);
    const href = el.attrs.href?.trim();
    // A block inside the link flushed the line: the link text is no longer in one piece, keep it as plain text.
    if (!this.opts.links || href === undefined || flushes !== this.flushes) return;
    const raw = this.take(start);
    const label = raw.trim();
    if (label === '' || !worthKeeping(href, label, this.opts.maxHrefLength) || this.seenHrefs.has(href)) {
      return this.put(raw);
    }
    this.seenHrefs.add(href);
    this.put(reframe(raw, `[${label}](${href})`));
  }

  /** Inline code and strike-through: the text wrapped in `mark`, unless a block broke it apart. */
  wrapInline(el: El, mark: string): void {
    const start = this.parts.length;
    const flushes = this.flushes;
    this.children(el);
    if (flushes !== this.flushes) return;
    const raw = this.take(start);
    const t = raw.trim();
    if (t === '') return this.put(raw);
    const m = mark === '`' && t.includes('`') ? '``' : mark;
    this.put(reframe(raw, `${m}${t}${m}`));
  }

  pre(el: El): void {
    let raw = rawText(el).replace(/^\r?\n/, '').replace(/\s+$/, '');
    if (raw.trim() === '') return;
    if (this.flat > 0) return this.text(` ${raw} `);
    this.flush();
    this.blank();
    let fence = '```';
    while (raw.includes(fence)) fence += '`';
    this.emit(fence + codeLanguage(el));
    raw = raw.replace(/\r\n?/g, '\n');
    for (const line of raw.split('\n')) this.emit(line);
    this.emit(fence);
    this.blank();
  }

  list(el: El, ordered: boolean): void {
    if (this.flat > 0) return this.spaced(el);
    this.flush();
    this.blank();
    const start = Number.parseInt(el.attrs.start ?? '1', 10);
    let n = Number.isFinite(start) ? start : 1;
    for (const c of el.children) {
      if (this.timedOut) return;
      if (typeof c === 'string') this.text(c);
      else if (c.tag === 'li') {
        if (!isChrome(c, this.rules)) this.item(c, ordered ? `${n}. ` : '- ');
        n++;
      } else this.render(c);
    }
    this.flush();
    this.blank();
  }

  item(el: El, bullet: string): void {
    if (this.flat > 0) return this.spaced(el);
    this.flush();
    const savedPrefix = this.prefix;
    const savedMarker = this.marker;
    this.marker = (this.marker ?? this.prefix) + bullet;
    this.prefix += ' '.repeat(bullet.length);
    this.children(el);
    this.flush();
    // An empty item printed nothing: the enclosing item's bullet (if any) is still owed.
    this.marker = this.marker === null ? null : savedMarker;
    this.prefix = savedPrefix;
  }

  quote(el: El): void {
    if (this.flat > 0) return this.spaced(el);
    this.flush();
    this.blank();
    const savedPrefix = this.prefix;
    const savedMarker = this.marker;
    this.prefix += '> ';
    if (this.marker !== null) this.marker += '> ';
    this.children(el);
    this.flush();
    this.marker = this.marker === null ? null : savedMarker;
    this.prefix = savedPrefix;
    this.blank();
  }

  indented(el: El): void {
    if (this.flat > 0) return this.spaced(el);
    this.flush();
    const savedPrefix = this.prefix;
    this.prefix += '  ';
    this.children(el);
    this.flush();
    this.prefix = savedPrefix;
  }
}

/** `inner` with the leading/trailing space `raw` had, so words around the span stay apart. */
function reframe(raw: string, inner: string): string {
  const lead = raw.charCodeAt(0) === 32 ? ' ' : '';
  const trail = raw.length > 1 && raw.charCodeAt(raw.length - 1) === 32 ? ' ' : '';
  return lead + inner + trail;
}

/** Whether an href adds something the link text does not already say. */
function worthKeeping(href: string, label: string, maxLen: number): boolean {
  if (href === '' || href.length > maxLen || href.startsWith('#')) return false;
  const lower = href.slice(0, 11).toLowerCase();
  if (lower.startsWith('javascript:') || lower.startsWith('data:')) return false;
  if (href === label || href === `mailto:${label}`) return false;
  // Bare-URL labels already say where they go, unless the page shortened them ("https://example.com/long/pa…").
  const shortened = label.endsWith('…') || label.endsWith('...');
  return shortened || !/^(?:https?:\/\/|www\.)\S+$/i.test(label);
}

export function renderMain(root: El, opts: RenderOptions): Rendered | null {
  const r = new Renderer(chromeRules(root), opts);
  r.children(root);
  r.flush();
  if (r.timedOut) return null;
  while (r.lines.length > 0 && r.lines[r.lines.length - 1] === '') r.lines.pop();
  let textChars = 0;
  for (const l of r.lines) textChars += l.trim().length;
  return { lines: r.lines, textChars };
}
