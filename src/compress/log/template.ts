/**
 * Template keys: a line with its variable parts masked, hashed to a number. Used only to group similar lines;
 * the output always prints the original lines, never a template.
 *
 * A hand-written scan instead of a masking regex: one pass over the characters with no allocation per match is
 * what keeps 10 MB logs above 50 MB/s. A "token" is a run of word-ish characters (letters, digits, _ . - / : @);
 * a token holding a digit or a slash is variable (numbers, hex ids, uuids, ips, durations, timestamps, versions,
 * paths) and hashes as one placeholder. Runs of blanks hash as one blank, so column padding does not matter.
 */
import type { LineIndex } from './lines.ts';
import { lineEnd } from './lines.ts';

/** Only the start of a line decides its template: long payloads must not make every line unique or slow. */
const KEY_PREFIX = 200;
const MASK = 35; // '#'
const FNV_PRIME = 16777619;
const MIX = 0x5bd1e995;

// Character classes, by table lookup: the hot loop runs once per character of a 10 MB log.
const OTHER = 0;
const WORD = 1; // letters, - . : _ @ and anything non-ASCII
const VARIABLE = 2; // digits and '/': a token holding one is masked
const BLANK = 3;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 46 || c === 58 || c === 95 || c === 64;
  CLASS[c] = word ? WORD : c >= 47 && c <= 57 ? VARIABLE : c === 32 || c === 9 || c === 13 ? BLANK : OTHER;
}

/**
 * One key per line; equal keys mean "same template" (two 32-bit hashes make accidental merges negligible).
 * Returns null when `expired()` says the time budget is gone (checked every few thousand lines).
 */
export function templateKeys(idx: LineIndex, expired: () => boolean = () => false): Float64Array | null {
  const { text, starts, count } = idx;
  const keys = new Float64Array(count);
  for (let line = 0; line < count; line++) {
    if ((line & 8191) === 8191 && expired()) return null;
    const a = starts[line]!;
    let end = lineEnd(idx, line);
    if (end - a > KEY_PREFIX) end = a + KEY_PREFIX;
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x9747b28c | 0;
    // Hash state saved at the start of the current token: a token that turns out variable rewinds and hashes '#'.
    let s1 = 0;
    let s2 = 0;
    let state = OTHER; // class of the previous character (WORD means "inside a token")
    let variable = false;
    for (let p = a; p < end; p++) {
      const c = text.charCodeAt(p);
      const k = c < 128 ? CLASS[c]! : WORD;
      if (k === WORD || k === VARIABLE) {
        if (state !== WORD) {
          s1 = h1;
          s2 = h2;
          variable = false;
          state = WORD;
        }
        if (k === VARIABLE) variable = true;
        h1 = Math.imul(h1 ^ c, FNV_PRIME);
        h2 = Math.imul(h2 ^ c, MIX);
        continue;
      }
      if (state === WORD && variable) {
        h1 = Math.imul(s1 ^ MASK, FNV_PRIME);
        h2 = Math.imul(s2 ^ MASK, MIX);
      }
      if (k === BLANK) {
        // Runs of blanks hash as one: column padding does not make a new template.
        if (state !== BLANK) {
          h1 = Math.imul(h1 ^ 32, FNV_PRIME);
          h2 = Math.imul(h2 ^ 32, MIX);
        }
        state = BLANK;
      } else {
        h1 = Math.imul(h1 ^ c, FNV_PRIME);
        h2 = Math.imul(h2 ^ c, MIX);
        state = OTHER;
      }
    }
    if (state === WORD && variable) {
      h1 = Math.imul(s1 ^ MASK, FNV_PRIME);
      h2 = Math.imul(s2 ^ MASK, MIX);
    }
    // 32 + 21 bits fit exactly in a double.
    keys[line] = (h1 >>> 0) * 2097152 + ((h2 ^ (h2 >>> 15)) >>> 11);
  }
  return keys;
}
