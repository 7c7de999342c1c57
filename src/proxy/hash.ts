/**
 * Fast, synchronous string fingerprints for keys and change detection — never for security or for ids a client
 * sees (retrieval ids are SHA-256, src/ccr/id.ts). WebCrypto's digest is asynchronous: each call is a trip through
 * the thread pool, ~0.15 ms on the request path, more than hashing a 30 KB system prompt here.
 */

/** cyrb53: a fast 53-bit string hash (fingerprints only, never security), as base-36. */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Two independent cyrb53 runs: ~106 bits, enough to keep sessions' keys apart. */
export function hash106(text: string): string {
  return hash53(text) + hash53(text, 1);
}
