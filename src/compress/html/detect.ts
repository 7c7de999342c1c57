/**
 * Is this blob a web page? Looks at a 4 KB prefix only: a doctype or `<html>` start, a dense run of HTML tags,
 * plus hints (a fetch tool, `curl`/`wget`, an .html path). Component sources (JSX/TSX/Vue/Svelte), XML and markdown
 * that merely contains a few tags score low: they are code or prose, and extracting "main text" would wreck them.
 */
import type { Detector, Hints } from '../types.ts';

const PREFIX = 4096;
const HTML_PATH = /\.(?:html?|xhtml|shtml)$/i;
// Sources and documents that contain tags but are not fetched pages.
const NOT_PAGE_PATH = new RegExp(
  `\\.(?:${[
    '[cm]?[jt]sx?', 'vue', 'svelte', 'astro', 'xml', 'xsd', 'xslt?', 'svg', 'rss', 'atom', 'plist', 'md', 'mdx',
    'markdown', 'rst', 'txt', 'json', 'ya?ml', 'php', 'erb', 'ejs', 'hbs', 'handlebars', 'jinja2?', 'njk', 'liquid',
    'twig', 'mustache', 'razor', 'cshtml', 'jsp', 'aspx?', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'swift', 'cs',
  ].join('|')})$`,
  'i',
);
const FETCH_TOOL = /^(?:web_?fetch|fetch|fetch_?url|read_?url|browse|browser|http_?get|scrape|firecrawl|curl)/i;
const FETCH_COMMAND = /(?:^|[\s|;&(])(?:curl|wget|http|https|xh|lynx)\s/;

const DOCTYPE = /^(?:\s|<!--[^]*?-->|HTTP\/[^\n]*\n(?:[^\n]+\n)*?\r?\n)*<!doctype\s+html/i;
const HTML_OPEN = /^(?:\s|<!--[^]*?-->|HTTP\/[^\n]*\n(?:[^\n]+\n)*?\r?\n)*<html[\s>]/i;
const XML_DECL = /^\s*<\?xml/;
const HTML_SOMEWHERE = /<!doctype\s+html|<html[\s>]/i;
const COMPONENT = /^\s*<(?:template|script\s+setup)[\s>]/;
// JSX: attributes and syntax HTML never has.
const JSX_SIGNS = /\bclassName=|\bonClick=\{|\breturn\s*\(\s*<|^\s*(?:import|export)\s[^\n]*\bfrom\s|=>\s*\(?\s*</m;
const TAG = new RegExp(
  `<\\/?(?:${[
    'div', 'span', 'p', 'a', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'td', 'th', 'tr', 'table', 'tbody', 'thead', 'h[1-6]',
    'img', 'br', 'hr', 'section', 'article', 'header', 'footer', 'nav', 'main', 'aside', 'script', 'style', 'link',
    'meta', 'body', 'head', 'title', 'form', 'input', 'button', 'label', 'strong', 'em', 'b', 'i', 'pre', 'code',
    'iframe', 'noscript',
  ].join('|')})\\b[^<>\\n]{0,300}>`,
  'gi',
);
const MARKDOWN_LINE = /^(?:#{1,6} |[-*] |\d+\. |```|> )/;

function contentScore(prefix: string): number {
  if (DOCTYPE.test(prefix)) return 0.95;
  if (HTML_OPEN.test(prefix)) return 0.9;
  if (XML_DECL.test(prefix)) return HTML_SOMEWHERE.test(prefix) ? 0.85 : 0.05;
  if (COMPONENT.test(prefix) || JSX_SIGNS.test(prefix)) return 0.05;
  let tags = 0;
  TAG.lastIndex = 0;
  while (TAG.exec(prefix) !== null) tags++;
  if (tags < 4) return 0;
  let lines = 0;
  let markdown = 0;
  for (const line of prefix.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    if (MARKDOWN_LINE.test(line)) markdown++;
  }
  // Markdown with a few inline tags (<br>, <details>) reads as prose, not a page.
  if (markdown >= lines * 0.2) return 0.1;
  const perLine = tags / Math.max(1, lines);
  if (tags >= 20 && perLine >= 1) return 0.75;
  if (tags >= 10 && perLine >= 0.5) return 0.55;
  return 0.3;
}

export const htmlDetector: Detector = {
  kind: 'html',
  detect(text: string, hints: Hints): number {
    const path = hints.path ?? '';
    if (path !== '' && NOT_PAGE_PATH.test(path)) return 0.05;
    const prefix = text.slice(0, PREFIX);
    let score = contentScore(prefix);
    if (score <= 0.05) return score;
    if (path !== '' && HTML_PATH.test(path)) score = Math.max(score, 0.6) + 0.1;
    const fetched =
      (hints.toolName !== undefined && FETCH_TOOL.test(hints.toolName)) ||
      (hints.command !== undefined && FETCH_COMMAND.test(hints.command));
    // A fetch tool says "web", not "HTML": many return markdown already. Only boost what already looks like a page.
    if (fetched && score >= 0.3) score += 0.15;
    return Math.min(score, 0.98);
  },
};
