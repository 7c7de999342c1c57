/**
 * What makes two notes "the same": an exact match after normalisation (same content hash), or a near-duplicate by
 * token-set Jaccard similarity. Word order and punctuation do not matter for near-duplicates; case and spacing
 * do not matter for either.
 */
import { contentId } from '../ccr/id.ts';

/** Jaccard similarity at or above which two notes are merged (the newer text is kept, tags are united). */
export const NEAR_DUPLICATE = 0.8;

/** NFKC, lower case, whitespace collapsed, trimmed: the form that is hashed. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The note id: SHA-256 of the normalised text (128 bits, hex), so re-saving the same note finds it. */
export function noteId(text: string): Promise<string> {
  return contentId(normalise(text));
}

const WORD = /[\p{L}\p{N}_]+/gu;

export function tokenSet(text: string): Set<string> {
  return new Set(normalise(text).match(WORD) ?? []);
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}
