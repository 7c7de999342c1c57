/**
 * `curl -i` / `curl -iL` output starts with one or more HTTP header blocks before the page. The status lines and the
 * headers an agent acts on (where a redirect went, what the body is) are kept; the rest (cookies, CSP, caching) are
 * dropped with the markup.
 */

const STATUS = /^HTTP\/[0-9.]+ [0-9]{3}\b/;
const KEPT_HEADER = /^(?:location|content-type):/i;
const MAX_HEAD = 64 * 1024;

export interface HttpSplit {
  /** Kept header lines, in order. */
  readonly head: string[];
  readonly html: string;
}

export function splitHttpHead(text: string): HttpSplit {
  const head: string[] = [];
  let pos = 0;
  while (STATUS.test(text.slice(pos, pos + 16))) {
    const crlf = text.indexOf('\r\n\r\n', pos);
    const lf = text.indexOf('\n\n', pos);
    const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : -1;
    if (end === -1 || end - pos > MAX_HEAD) break;
    for (const line of text.slice(pos, end).split(/\r?\n/)) {
      if (STATUS.test(line) || KEPT_HEADER.test(line)) head.push(line.trimEnd());
    }
    pos = end;
  }
  return { head, html: pos === 0 ? text : text.slice(pos) };
}
