/**
 * Builds a light element tree from htmlparser2's SAX events. Content that is never readable text — scripts, styles,
 * SVG, templates, form controls, hidden elements, comments — is skipped while parsing, so it costs no allocations.
 * Every element also carries text statistics (accumulated bottom-up on close) that the content selection needs.
 */
import { Parser } from 'htmlparser2';

export interface El {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: Node[];
  readonly parent: El | null;
  /** Visible (non-whitespace) characters of text in this subtree. */
  textLen: number;
  /** Visible characters inside `<a>` elements in this subtree. */
  linkLen: number;
  /** `<a>` elements in this subtree. */
  links: number;
  /** Its class or id names it chrome ("cookie-banner", "sidebar", "share-bar"). */
  readonly named: boolean;
}

export type Node = El | string;

export interface ParsedPage {
  /** The synthetic document root; `<html>`/`<body>` are ordinary children. */
  readonly root: El;
  readonly title: string;
  /** Elements found while parsing that anchor content selection, in document order. */
  readonly mains: readonly El[];
  readonly articles: readonly El[];
  readonly bodies: readonly El[];
}

// Their content is never page text (or, for controls, is UI chrome rather than content).
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'svg', 'template', 'iframe', 'object', 'embed', 'canvas', 'audio', 'video',
  'map', 'button', 'select', 'option', 'datalist', 'textarea', 'head', 'link', 'meta', 'base', 'source',
]);

// Screen-reader-only classes: their text repeats or labels what is already shown. (Utility classes such as Tailwind's
// `hidden` are not here: `hidden md:block` is visible on desktop.)
const HIDDEN_CLASS = /(?:^|\s)(?:sr-only|visually-hidden|visuallyhidden|screen-reader-text)(?:\s|$)/i;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

// Only these attributes are read later; everything else is dropped to keep the tree small.
const KEPT_ATTRS = ['href', 'alt', 'class', 'id', 'role', 'start', 'type', 'checked', 'colspan', 'title'] as const;

function isHidden(tag: string, a: Record<string, string>): boolean {
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return true;
  if (tag === 'dialog' && a.open === undefined) return true;
  if (tag === 'input' && a.type !== 'checkbox') return true;
  const style = a.style;
  if (style !== undefined && HIDDEN_STYLE.test(style)) return true;
  const cls = a.class;
  return cls !== undefined && HIDDEN_CLASS.test(cls);
}

function keptAttrs(a: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const k of KEPT_ATTRS) {
    const v = a[k];
    if (v === undefined) continue;
    (out ??= {})[k] = v;
  }
  return out ?? NO_ATTRS;
}

// Class/id words for chrome, as whole class names or as parts of one ("share" in "share-bar"); matched once per
// element while parsing. "header" alone is not here: GitHub's issue title lives in `.gh-header`.
const CHROME_NAME = new RegExp(
  `(?:^|[\\s_-])(?:${[
    'cookies?', 'consent', 'gdpr', 'onetrust', 'cookiebanner', 'newsletter', 'subscribe', 'sidebar', 'breadcrumbs?',
    'share', 'sharing', 'social', 'advert', 'advertisement', 'ads?', 'adsbygoogle', 'sponsor', 'sponsored', 'promo',
    'popup', 'modal', 'navbar', 'nav', 'navigation', 'menu', 'topbar', 'masthead', 'site-header', 'site-footer',
    'page-header', 'page-footer', 'global-header', 'global-footer', 'footer', 'skip-link', 'skiplink',
    'skip-to-content', 'related', 'recommended', 'toc', 'pagination', 'pager', 'avatar',
  ].join('|')})(?=$|[\\s_-])`,
  'i',
);

function namedChrome(a: Record<string, string>): boolean {
  const cls = a.class;
  const id = a.id;
  if (cls !== undefined && CHROME_NAME.test(cls)) return true;
  return id !== undefined && CHROME_NAME.test(id);
}

const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function visibleChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) n++;
  return n;
}

// Fed in chunks so the deadline is checked while parsing. Small chunks because htmlparser2's open-element stack is an
// array it unshifts onto: thousands of unclosed tags make each chunk cost O(depth).
const CHUNK = 16 * 1024;
// Unclosed tags can nest a tree thousands deep; past this depth elements are flattened into their ancestor so the
// recursive walks never overflow the stack.
const MAX_DEPTH = 256;

/** Parses `html`; returns null when the deadline passes mid-parse. */
export function parsePage(html: string, deadline: number, now: () => number): ParsedPage | null {
  const root: El = {
    tag: '#root',
    attrs: NO_ATTRS,
    children: [],
    parent: null,
    textLen: 0,
    linkLen: 0,
    links: 0,
    named: false,
  };
  const mains: El[] = [];
  const articles: El[] = [];
  const bodies: El[] = [];
  let cur = root;
  // While > 0 we are inside a skipped subtree; counts nested opens so the matching close ends the skip.
  let skip = 0;
  let depth = 0;
  // Opens ignored past MAX_DEPTH, so their closes are ignored too.
  let flat = 0;
  let inTitle = false;
  let inHead = false;
  let title = '';

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        // The document title: inside <head>, or at the top level when the page has no <head> tag.
        const topLevel = skip === 0 && (cur.parent === null || cur.tag === 'html');
        const isTitle = name === 'title' && title === '' && (inHead ? skip === 1 : topLevel);
        if (skip > 0 || isTitle) {
          inTitle ||= isTitle;
          skip++;
          return;
        }
        if (SKIP_TAGS.has(name) || isHidden(name, attribs)) {
          inHead = name === 'head';
          skip = 1;
          return;
        }
        if (depth >= MAX_DEPTH) {
          flat++;
          return;
        }
        depth++;
        const el: El = {
          tag: name,
          attrs: keptAttrs(attribs),
          children: [],
          parent: cur,
          textLen: 0,
          linkLen: 0,
          links: 0,
          named: namedChrome(attribs),
        };
        cur.children.push(el);
        cur = el;
        if (name === 'main' || attribs.role === 'main') mains.push(el);
        else if (name === 'article') articles.push(el);
        else if (name === 'body') bodies.push(el);
      },
      ontext(data) {
        if (skip > 0) {
          if (inTitle) title += data;
          return;
        }
        cur.children.push(data);
        cur.textLen += visibleChars(data);
      },
      onclosetag() {
        if (skip > 0) {
          skip--;
          if (inTitle && skip === (inHead ? 1 : 0)) inTitle = false;
          if (skip === 0) inHead = false;
          return;
        }
        if (flat > 0) {
          flat--;
          return;
        }
        const el = cur;
        const parent = el.parent;
        if (!parent) return;
        depth--;
        if (el.tag === 'a') {
          el.linkLen = el.textLen;
          el.links++;
        }
        parent.textLen += el.textLen;
        parent.linkLen += el.linkLen;
        parent.links += el.links;
        cur = parent;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  for (let i = 0; i < html.length; i += CHUNK) {
    parser.write(html.slice(i, i + CHUNK));
    if (now() > deadline) return null;
  }
  parser.end();
  return { root, title: title.replace(/\s+/g, ' ').trim(), mains, articles, bodies };
}
