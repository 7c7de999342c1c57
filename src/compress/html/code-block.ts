/**
 * Code blocks are copied verbatim: every newline, tab and indent as written. Syntax highlighters wrap tokens in spans
 * and lines in `<br>` or per-line blocks; those become plain newlines here.
 */
import type { El } from './parse.ts';

// `language-ts` (Prism, highlight.js), `lang-py`, `highlight-source-shell` (GitHub), `brush: js` (SyntaxHighlighter).
const LANG_CLASS = /(?:^|\s)(?:language-|lang-|highlight-source-|brush:\s?)([A-Za-z0-9_+#.-]{1,20})/;

/** Text of a code block exactly as written: whitespace kept, `<br>` and per-line block wrappers as newlines. */
export function rawText(el: El): string {
  const parts: string[] = [];
  const walk = (e: El): void => {
    for (const c of e.children) {
      if (typeof c === 'string') parts.push(c);
      else if (c.tag === 'br') parts.push('\n');
      else {
        const lineBlock = c.tag === 'div' || c.tag === 'p' || c.tag === 'li' || c.tag === 'tr';
        const last = parts[parts.length - 1];
        if (lineBlock && last !== undefined && !last.endsWith('\n')) parts.push('\n');
        walk(c);
      }
    }
  };
  walk(el);
  return parts.join('');
}

/** A `<code>` outside `<pre>` whose text spans lines is a code block styled with CSS. */
export function hasLineBreak(el: El): boolean {
  if (el.parent?.tag === 'pre' || el.textLen < 20) return false;
  for (const c of el.children) if (typeof c === 'string' && /\S[^\S\n]*\n\s*\S/.test(c)) return true;
  return false;
}

export function codeLanguage(el: El): string {
  const candidates: (El | undefined)[] = [el, el.parent ?? undefined];
  const first = el.children.find((c): c is El => typeof c !== 'string');
  if (first?.tag === 'code') candidates.unshift(first);
  for (const c of candidates) {
    const m = c?.attrs.class ? LANG_CLASS.exec(c.attrs.class) : null;
    if (m?.[1]) return m[1].toLowerCase();
  }
  return '';
}
