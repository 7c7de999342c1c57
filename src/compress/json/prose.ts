/**
 * Long prose inside rows (issue bodies, comment text, descriptions) that the question is not about: keep the opening
 * up to a word boundary and say how much was cut. Works on the raw JSON string, cutting only before a space, which
 * can never sit inside an escape sequence, so the kept part is byte-for-byte the original.
 */
import { elision, formatCount } from '../../ccr/marker.ts';
import { decodeString } from './parse.ts';

// Prose shorter than the prefix plus a typical note is not worth cutting.
const MIN_CUT_CHARS = 80;

/** `raw` (a JSON string with quotes) cut to about `keep` characters, or undefined when it is short enough. */
export function shortenProse(raw: string, maxChars: number, keep: number): string | undefined {
  if (raw.length <= maxChars + 2) return undefined;
  // Cut before a space (raw index, quote at 0): a space is never part of an escape or a surrogate pair.
  const cut = raw.lastIndexOf(' ', keep + 1);
  if (cut < keep / 2) return undefined;
  const kept = raw.slice(0, cut);
  const more = decodeString(raw).length - decodeString(`${kept}"`).length;
  if (more < MIN_CUT_CHARS) return undefined;
  return `${kept} ${elision(`${formatCount(more)} more chars`)}"`;
}
