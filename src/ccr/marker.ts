/**
 * The text headroom writes into compressed output. Every lossy output ends with exactly one closing marker carrying
 * the retrieval id of the whole original; inline elision notes say what was cut at that spot. Both are recognisable
 * so that content already compressed by us is never compressed again.
 */

/** 128-bit ids: 32 lower-case hex characters of the SHA-256 of the original text. */
export const ID_LENGTH = 32;
export const ID_PATTERN = /^[0-9a-f]{32}$/;

const MARKER = /\[headroom: [^\]\n]{0,400}?id=([0-9a-f]{32})\]/g;

/** `[headroom: kept 40 of 1,200 rows · id=…]` — the closing marker of a lossy output. */
export function formatMarker(summary: string, id: string): string {
  return `[headroom: ${summary} · id=${id}]`;
}

/** An inline note where content was cut, e.g. `[… 312 similar lines omitted …]`. */
export function elision(what: string): string {
  return `[… ${what} …]`;
}

/** True when the text already carries one of our closing markers (it was compressed before). */
export function hasMarker(text: string): boolean {
  MARKER.lastIndex = 0;
  const found = MARKER.test(text);
  // test() on a /g regex leaves lastIndex past the match, and matchAll() in markerIds starts from it.
  MARKER.lastIndex = 0;
  return found;
}

/** Every retrieval id referenced by markers in `text`, in order of appearance, without duplicates. */
export function markerIds(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(MARKER)) if (m[1] && !ids.includes(m[1])) ids.push(m[1]);
  return ids;
}

/** Thousands separators without Intl, so every runtime prints the same bytes. */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 line" / "3 lines" */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : pluralWord}`;
}
