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

/** A `grep -rn -C 2` run: hits with two context lines each side, `--` between groups, plus the facts planted in it. */
export interface ContextGrep {
  text: string;
  question: string;
  /** `[path, line, content]` of the lines that answer the question. */
  gold: Array<[string, number, string]>;
}

const LIMITER_FILES: Array<[string, number, string[]]> = [
  ['src/limits/rate-limiter.ts', 5, ['import type { Clock } from "../clock.ts";', ' * A RateLimiter decides whether a request may pass; #.', '  // RateLimiter.take is called once per request (#).']],
  ['src/limits/token-bucket.ts', 6, ['import { RateLimiter } from "./rate-limiter.ts";', 'export class TokenBucketRateLimiter extends RateLimiter {', '    // refill before take: # (see RateLimiter.take)']],
  ['src/limits/index.ts', 3, ['export { RateLimiter } from "./rate-limiter.ts";', 'export { TokenBucketRateLimiter } from "./token-bucket.ts";']],
  ['src/gateway/server.ts', 3, ['import { TokenBucketRateLimiter, type RateLimiter } from "../limits/index.ts";', '  app.use(limit(limiter satisfies RateLimiter));']],
  ['src/gateway/middleware/limit.ts', 5, ['import type { RateLimiter } from "../../limits/index.ts";', 'export function limit(limiter: RateLimiter): Middleware {', '    // # when the RateLimiter says no']],
  ['src/admin/routes.ts', 4, ['import type { RateLimiter } from "../limits/index.ts";', '  router.get("/limits", (c) => c.json(describe(limiter as RateLimiter))); // #']],
  ['workers/quota/limiter.py', 5, ['class RateLimiter(Protocol):', '    """Python twin of the TypeScript RateLimiter: #."""', '    limiter: RateLimiter = TokenBucketRateLimiter(capacity=10)']],
  ['test/limits/token-bucket.test.ts', 30, ['import { TokenBucketRateLimiter } from "../../src/limits/index.ts";', '  it("#", () => { const l = new TokenBucketRateLimiter({ capacity: 5, refillPerSecond: 1 });', '    const limiter: RateLimiter = new TokenBucketRateLimiter({ capacity: 2, refillPerSecond: 0 }); // #']],
  ['test/gateway/limit.test.ts', 20, ['import { TokenBucketRateLimiter } from "../../src/limits/index.ts";', '    const limiter = fakeRateLimiter({ allow: false }); // #', '  it("returns 429 when the RateLimiter refuses: #", async () => {']],
  ['test/admin/routes.test.ts', 8, ['import type { RateLimiter } from "../../src/limits/index.ts";', '  const limiter = stub<RateLimiter>({ capacity: 3 }); // #']],
  ['docs/limits.md', 8, ['# RateLimiter', 'Every RateLimiter must make `take()` atomic; # relies on it.', '| `TokenBucketRateLimiter` | default | # |']],
];
const FILLER = ['', '  }', '}', '  return next();', '  const now = clock.now();', '    expect(res.status).toBe(200);', '  await sleep(10);', '  if (!key) return null;', '  readonly capacity: number;', '  /** Seconds. */'];
const PHRASES = ['drains fast', 'refills slowly', 'handles bursts', 'keeps per-key state', 'is shared across routes', 'resets at midnight'];

/** About 100 hits over 11 files, most in tests; the definition and the gateway's construction planted once each. */
export function contextGrep(seed = 1): ContextGrep {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const gold: Array<[string, number, string]> = [
    ['src/limits/rate-limiter.ts', 12 + Math.floor(r() * 20), 'export abstract class RateLimiter {'],
    ['src/gateway/server.ts', 40 + Math.floor(r() * 30), '  const limiter: RateLimiter = new TokenBucketRateLimiter({ capacity: config.limits.burst, refillPerSecond: config.limits.rps });'],
  ];
  const out: string[] = [];
  for (const [path, count, templates] of LIMITER_FILES) {
    const planted = gold.filter(([p]) => p === path);
    const lines = new Map<number, string>(planted.map(([, n, c]) => [n, c]));
    lines.set(2 + Math.floor(r() * 3), templates[0]!);
    let n = 8;
    while (lines.size < count + planted.length) {
      n += 6 + Math.floor(r() * 20);
      if ([...lines.keys()].every((m) => Math.abs(m - n) >= 6)) lines.set(n, pick(templates.slice(1)).replace('#', pick(PHRASES)));
    }
    for (const num of [...lines.keys()].sort((a, b) => a - b)) {
      if (out.length > 0) out.push('--');
      for (let c = Math.max(1, num - 2); c < num; c++) out.push(`${path}-${c}-${pick(FILLER)}`);
      out.push(`${path}:${num}:${lines.get(num)!}`);
      for (let c = num + 1; c <= num + 2; c++) out.push(`${path}-${c}-${pick(FILLER)}`);
    }
  }
  return {
    text: `${out.join('\n')}\n`,
    question: 'Where is the RateLimiter class defined, and where does the gateway create its rate limiter?',
    gold,
  };
}
