/** Deterministic synthetic grep output over a fake source tree, for property checks and benchmarks. */

export interface Hit {
  path: string;
  line: number;
  content: string;
  context?: boolean;
}

const DIRS = ['src', 'src/compress', 'src/proxy/handlers', 'lib/util', 'test/unit', 'packages/core/src'];
const NAMES = ['index', 'router', 'parse', 'render', 'config', 'stream', 'cache', 'errors'];
const EXTS = ['.ts', '.js', '.py', '.go', '.rs'];
const SNIPPETS = [
  'const result = await fetchUser(id);',
  'if (!config.enabled) return null;',
  'throw new Error(`unknown provider ${name}`);',
  'export function parseHeader(line: string): Header {',
  '  // TODO: handle 10:30:00 timestamps-12-like text',
  'import { createContext } from "./context.ts";',
  'logger.warn("retrying in %d ms", delay);',
  'return cache.get(key) ?? compute(key);',
];

/** A small linear congruential generator: deterministic without Math.random. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function generateHits(files: number, seed = 1): Hit[] {
  const r = rng(seed);
  const hits: Hit[] = [];
  for (let f = 0; f < files; f++) {
    const path = `${DIRS[f % DIRS.length]}/${NAMES[(f * 7) % NAMES.length]}${f}${EXTS[f % EXTS.length]}`;
    const count = 1 + Math.floor(r() * r() * 40);
    let line = 1;
    for (let k = 0; k < count; k++) {
      line += 1 + Math.floor(r() * 30);
      const snippet = SNIPPETS[Math.floor(r() * SNIPPETS.length)]!;
      hits.push({ path, line, content: `${' '.repeat(Math.floor(r() * 4) * 2)}${snippet}` });
    }
  }
  return hits;
}

/** `path:line:content`, one hit per line, like grep -rn. */
export function toGrep(hits: readonly Hit[]): string {
  return `${hits.map((h) => `${h.path}${h.context ? '-' : ':'}${h.line}${h.context ? '-' : ':'}${h.content}`).join('\n')}\n`;
}

/** About `bytes` of grep -rn output. */
export function grepOfSize(bytes: number, seed = 7): string {
  let files = 50;
  let text = toGrep(generateHits(files, seed));
  while (text.length < bytes) {
    files *= 2;
    text = toGrep(generateHits(files, seed));
  }
  const cut = text.lastIndexOf('\n', bytes);
  return text.slice(0, cut + 1);
}
