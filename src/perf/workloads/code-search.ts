/**
 * Code search: the agent greps a mixed TypeScript/Python service for `SessionStore` and asks where it is defined and
 * where the Redis-backed store is constructed. 100 `grep -rn` hits, concentrated in tests the way real hits are.
 */
import { createRng, type Rng } from '../prng.ts';
import type { Workload } from './types.ts';

const SYMBOL = 'SessionStore';
const DEFINITION = 'src/session/store.ts:14:export interface SessionStore {';
const CONSTRUCTION =
  'src/server/bootstrap.ts:57:  const sessions: SessionStore = new RedisSessionStore(redis, { ttlSeconds: config.session.ttlSeconds, prefix: "sess:" });';

// Line templates per file. The first is the file's import/heading (its first hit); templates without `$` are
// declarations and appear at most once; `$` is replaced by a seeded phrase so repeated lines still differ.
const FILES: ReadonlyArray<readonly [string, number, readonly string[]]> = [
  ['src/session/store.ts', 4, [
    ' * A SessionStore persists $ records between requests; implementations must be safe for concurrent use.',
    'export type SessionStoreFactory = (config: SessionConfig) => SessionStore;',
    'export function isSessionStore(value: unknown): value is SessionStore {',
    '   * SessionStore.touch extends the expiry; $ depends on it being atomic.',
  ]],
  ['src/session/redis-store.ts', 5, [
    "import type { SessionStore, SessionRecord } from './store.ts';",
    'export class RedisSessionStore implements SessionStore {',
    '  // RedisSessionStore keeps $ under a single hash so expiry is atomic (see SessionStore.touch).',
    '  private static readonly log = createLogger("RedisSessionStore");',
  ]],
  ['src/session/memory-store.ts', 4, [
    "import type { SessionStore, SessionRecord } from './store.ts';",
    'export class MemorySessionStore implements SessionStore {',
    '  /** MemorySessionStore is for tests and single-process dev servers only; $ is not shared. */',
  ]],
  ['src/session/index.ts', 3, [
    "export type { SessionStore, SessionRecord, SessionConfig } from './store.ts';",
    "export { RedisSessionStore } from './redis-store.ts';",
    "export { MemorySessionStore } from './memory-store.ts';",
  ]],
  ['src/server/bootstrap.ts', 2, [
    "import { RedisSessionStore, type SessionStore } from '../session/index.ts';",
    '  app.decorate("sessions", sessions satisfies SessionStore);',
  ]],
  ['src/http/middleware/auth.ts', 5, [
    "import type { SessionStore } from '../../session/index.ts';",
    'export function requireSession(store: SessionStore, opts: RequireSessionOptions = {}): Middleware {',
    '    const record = await (store as SessionStore).get(sessionIdFrom(req, opts.cookieName ?? "sid"));',
    '// $: the SessionStore lookup happens before CSRF validation so expired sessions get a 401, not a 403.',
  ]],
  ['src/http/routes/login.ts', 4, [
    "import type { SessionStore } from '../../session/index.ts';",
    'export function loginRoute(users: UserRepository, sessions: SessionStore, clock: Clock): RouteHandler {',
    '      await sessions.set(id, record, { ttlSeconds: SessionStore.DEFAULT_TTL_SECONDS }); // $',
  ]],
  ['src/http/routes/logout.ts', 3, [
    "import type { SessionStore } from '../../session/index.ts';",
    'export function logoutRoute(sessions: SessionStore): RouteHandler {',
    '    await sessions.delete(sid); // $ (SessionStore.delete is idempotent)',
  ]],
  ['src/jobs/session-sweeper.ts', 4, [
    "import type { SessionStore } from '../session/index.ts';",
    'export async function sweepExpired(store: SessionStore, now: number, batch = 500): Promise<number> {',
    '  // SessionStore.scan is cursor-based; $ keeps memory flat on large keyspaces.',
  ]],
  ['workers/billing/session_store.py', 5, [
    'class SessionStore(Protocol):',
    '    """Python mirror of the TypeScript SessionStore used by the billing worker ($)."""',
    'def make_session_store(url: str) -> SessionStore:',
    '    store: SessionStore = RedisSessionStoreAdapter.from_url(url, prefix="sess:")',
  ]],
  ['workers/billing/tests/test_session_store.py', 9, [
    'from billing.session_store import SessionStore, make_session_store',
    'def test_$_roundtrip(store: SessionStore) -> None:',
    '    assert isinstance(store, SessionStore), "fixture must implement SessionStore"',
  ]],
  ['test/session/redis-store.test.ts', 20, [
    "import { RedisSessionStore, type SessionStore } from '../../src/session/index.ts';",
    "  it('$', async () => { const store: SessionStore = new RedisSessionStore(fakeRedis(), { ttlSeconds: 60 });",
    '    const store: SessionStore = new RedisSessionStore(redis, { ttlSeconds: 1, prefix: "t:$:" });',
    "describe('RedisSessionStore ($)', () => {",
  ]],
  ['test/session/memory-store.test.ts', 14, [
    "import { MemorySessionStore, type SessionStore } from '../../src/session/index.ts';",
    "  it('$', async () => { const store: SessionStore = new MemorySessionStore(); await store.set('a', rec());",
    "describe('MemorySessionStore ($)', () => {",
  ]],
  ['test/http/auth.test.ts', 10, [
    "import type { SessionStore } from '../../src/session/index.ts';",
    '    const store: SessionStore = stubStore({ $: record({ userId: "u_1" }) });',
    "  it('rejects $ when the SessionStore has no record', async () => {",
  ]],
  ['docs/architecture/sessions.md', 6, [
    '## SessionStore',
    'Every `SessionStore` implementation must make `touch()` atomic; $ relies on it.',
    '| `RedisSessionStore` | production | keys under `sess:` with a TTL | implements `SessionStore` |',
  ]],
];

const WORDS = ['expires idle sessions', 'rotates ids on login', 'refreshes ttl', 'handles concurrent writes',
  'survives reconnect', 'scans in batches', 'returns null for unknown ids', 'deletes on logout', 'keeps user id',
  'serialises dates', 'rejects tampered cookies', 'honours prefix', 'counts active sessions', 'evicts oldest'];

function identifier(rng: Rng): string {
  return rng.pick(WORDS).replace(/ /g, rng.chance(0.5) ? '_' : ' ');
}

const GOLD: ReadonlyArray<readonly [string, number, string]> = [
  ['src/session/store.ts', 14, 'export interface SessionStore {'],
  ['src/server/bootstrap.ts', 57, CONSTRUCTION.slice('src/server/bootstrap.ts:57:'.length)],
];

// Context lines (grep -C 2) by file type; none mentions the symbol, so none is itself a match.
const CONTEXT: Record<string, readonly string[]> = {
  ts: ['', '  }', '}', '  return record;', '  const now = clock.now();', '  if (!id) return null;', '  await redis.expire(key, ttl);',
    "  log.debug('session touched', { id });", '  });', '    expect(result).toEqual(expected);', "import { describe, it, expect } from 'vitest';",
    "import { createLogger } from '../logging/index.ts';", '  readonly ttlSeconds: number;', '  get(id: string): Promise<SessionRecord | null>;',
    '    await vi.advanceTimersByTimeAsync(1_000);', '  const key = `${prefix}${id}`;', '  /** Milliseconds since epoch. */'],
  py: ['', '    return store', '    """', '@pytest.fixture', 'def _now() -> float:', '    return time.monotonic()', '    ttl_seconds: int',
    'from typing import Protocol', '    assert store.get("missing") is None', '    store.set("a", {"user_id": "u_1"}, ttl_seconds=60)'],
  md: ['', 'See the runbook for Redis failover.', '```ts', '```', '| --- | --- | --- | --- |', 'Sessions expire after `session.ttlSeconds`.'],
};

/** grep -rn -C 2 output: 98 seeded hits in grep's file order plus the two that answer the question, with context. */
export function codeSearchWorkload(seed = 1): Workload {
  const rng = createRng(seed);
  const out: string[] = [];
  for (const [path, count, templates] of FILES) {
    const gold = GOLD.filter(([p]) => p === path);
    const nums = new Set<number>(gold.map(([, n]) => n));
    // Hits at least 6 lines apart so their ±2-line context groups never merge.
    const free = (n: number): boolean => [...nums].every((m) => Math.abs(m - n) >= 6);
    nums.add(rng.pick([3, 4, 5, 6, 7, 8].filter(free))); // the file's import or heading, near the top
    while (nums.size < count + gold.length) {
      const n = rng.int(15, 60 + count * 24);
      if (free(n)) nums.add(n);
    }
    const sorted = [...nums].sort((x, y) => x - y);
    const unused = templates.slice(1);
    const pool = CONTEXT[path.endsWith('.py') ? 'py' : path.endsWith('.md') ? 'md' : 'ts']!;
    for (const [i, n] of sorted.entries()) {
      const planted = gold.find(([, g]) => g === n);
      let content = planted?.[2];
      if (!content) {
        const fresh = unused.filter((t) => !t.includes('$'));
        const template = i === 0 ? templates[0]! : rng.chance(0.5) && fresh.length > 0 ? fresh[0]! : rng.pick(unused);
        if (i > 0 && !template.includes('$')) unused.splice(unused.indexOf(template), 1);
        content = template.replace('$', identifier(rng));
      }
      if (out.length > 0) out.push('--');
      for (let c = n - 2; c < n; c++) out.push(`${path}-${c}-${rng.pick(pool)}`);
      out.push(`${path}:${n}:${content}`);
      for (let c = n + 1; c <= n + 2; c++) out.push(`${path}-${c}-${rng.pick(pool)}`);
    }
  }
  return {
    name: 'code search',
    question: `Where is the TypeScript ${SYMBOL} interface defined, and where does the server construct the Redis-backed store?`,
    outputs: [{ label: `grep -rn -C2 ${SYMBOL}`, text: out.join('\n') + '\n', toolName: 'Bash', command: `grep -rn -C 2 ${SYMBOL} .` }],
    gold: [DEFINITION, CONSTRUCTION],
    targetPct: 94,
    headroomPct: 92,
  };
}

/** `n` grep hits over a monorepo of packages shaped like the scenario's files (for throughput runs). */
export function grepLines(seed: number, n: number): string {
  const rng = createRng(seed);
  const out: string[] = [];
  for (let pkg = 0; out.length < n; pkg++) {
    for (const [path, count, templates] of FILES) {
      let line = rng.int(1, 12);
      for (let i = 0; i < count && out.length < n; i++) {
        out.push(`packages/pkg-${pkg}/${path}:${line}:${rng.pick(templates).replace('$', identifier(rng))}`);
        line += rng.int(1, 30);
      }
    }
  }
  return out.join('\n') + '\n';
}
