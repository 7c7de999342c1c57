/**
 * Decides what is page chrome rather than content: navigation, banners, footers, sidebars, cookie notices, share
 * bars, link farms. Also picks the root of the main content (`<main>`, a lone `<article>`, else `<body>`).
 * Heuristic rules (class names, link density, header/footer placement) are guarded so that a wrapper holding most of
 * the page's text is never dropped: losing the content to a misnamed class is worse than keeping some chrome.
 */
import type { El, ParsedPage } from './parse.ts';

// Sectioning elements that are chrome by their HTML semantics (HTML §4.3: header/footer are only page-level banners
// when not inside article/aside/main/nav/section).
const CHROME_TAGS = new Set(['nav', 'aside', 'menu']);
const PAGE_LEVEL_ONLY = new Set(['header', 'footer']);
const SECTIONING = new Set(['article', 'main', 'section', 'aside', 'nav']);
const CHROME_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alertdialog', 'menubar', 'toolbar',
]);

// Never dropped by class: the page skeleton and explicit content containers.
const NEVER_CHROME = new Set(['html', 'body', 'main', 'article', '#root']);

function insideSectioning(el: El): boolean {
  for (let p = el.parent; p; p = p.parent) if (SECTIONING.has(p.tag)) return true;
  return false;
}

/** Per-walk settings computed once for the chosen root. */
export interface ChromeRules {
  /** Text length above which an element is treated as content whatever its name says. */
  readonly guardLen: number;
  /** False on link-directory pages, where the links are the content. */
  readonly pruneLinkLists: boolean;
}

export function chromeRules(root: El): ChromeRules {
  return { guardLen: root.textLen * 0.5, pruneLinkLists: root.textLen === 0 || root.linkLen / root.textLen < 0.5 };
}

// Block containers only: a paragraph of inline links is prose.
const LINK_LIST_TAGS = new Set(['ul', 'ol', 'div', 'section', 'table', 'dl']);

/** True when `el` is page chrome and should be dropped with its subtree. */
export function isChrome(el: El, rules: ChromeRules): boolean {
  if (NEVER_CHROME.has(el.tag)) return false;
  // Unambiguous by the markup's own semantics: dropped even when large (a page that is all navigation has no main
  // content, and the compressor then declines).
  if (CHROME_TAGS.has(el.tag)) return true;
  const role = el.attrs.role;
  if (role !== undefined && CHROME_ROLES.has(role)) return true;
  if (el.textLen >= rules.guardLen) return false;
  if (PAGE_LEVEL_ONLY.has(el.tag) && !insideSectioning(el)) return true;
  if (el.named) return true;
  // Link farms: "related posts", tag clouds, footer link columns that carry no chrome name.
  // Inside an <article> a list of links is the author's ("further reading"), so it stays.
  return (
    rules.pruneLinkLists &&
    LINK_LIST_TAGS.has(el.tag) &&
    el.links >= 3 &&
    el.linkLen >= el.textLen * 0.8 &&
    !hasAncestor(el, 'article')
  );
}

function hasAncestor(el: El, tag: string): boolean {
  for (let p = el.parent; p; p = p.parent) if (p.tag === tag) return true;
  return false;
}

/** Visible text of `el` that survives chrome removal. */
function contentLen(el: El, rules: ChromeRules): number {
  if (isChrome(el, rules)) return 0;
  let n = el.textLen;
  for (const c of el.children) if (typeof c !== 'string') n -= c.textLen - contentLen(c, rules);
  return n;
}

function largest(els: readonly El[]): El | undefined {
  let best: El | undefined;
  for (const el of els) if (!best || el.textLen > best.textLen) best = el;
  return best;
}

/**
 * The element whose subtree holds the main content. `<main>` (or role=main) when it holds a fair share of the
 * page's content text; else the largest `<article>` when it clearly dominates; else `<body>`.
 */
export function mainRoot(page: ParsedPage): El {
  const body = largest(page.bodies) ?? page.root;
  const bodyRules = chromeRules(body);
  const bodyContent = contentLen(body, bodyRules);
  const main = largest(page.mains);
  if (main && contentLen(main, chromeRules(main)) >= bodyContent * 0.3) return main;
  const article = largest(page.articles);
  if (article && page.articles.length === 1 && contentLen(article, chromeRules(article)) >= bodyContent * 0.5) {
    return article;
  }
  return body;
}
