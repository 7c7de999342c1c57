/** Where headroom keeps its data on this machine (Node, Bun), and the storage built on it. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createStorage, type Storage } from 'unstorage';
import fsDriver from './node-fs-atomic.ts';
import { StoreError } from '../src/errors.ts';
import { createMemory, type Memory, type MemoryOptions } from '../src/memory/memory.ts';
import { createStore, type Store, type StoreOptions } from '../src/store/store.ts';

/** `$HEADROOM_HOME`, else `$XDG_DATA_HOME/headroom`, else `~/.local/share/headroom` (XDG Base Directory spec). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HEADROOM_HOME) return env.HEADROOM_HOME;
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'headroom');
}

export function createFsStorage(base = join(dataDir(), 'store')): Storage {
  return createStorage({ driver: fsDriver({ base }) });
}

/** The local default: originals on disk under the data dir, kept 7 days. */
export function createLocalStore(opts: StoreOptions & { base?: string } = {}): Store {
  const { base, ...storeOpts } = opts;
  return createStore(createFsStorage(base), storeOpts);
}


/**
 * The machine's shared memory notes: the same storage as the proxy's (fs under the data dir), so the proxy's /mcp,
 * every `headroom mcp serve` and the `headroom memory` commands see the same notes.
 */
export function createLocalMemory(opts: MemoryOptions & { base?: string } = {}): Memory {
  const { base, ...memoryOpts } = opts;
  return createMemory(createFsStorage(base), memoryOpts);
}

/** `--store` / HEADROOM_STORE: `fs` (local default), `memory` (tests, throwaway), or a Redis URL (team gateway). */
export type StoreSpec = 'fs' | 'memory' | `redis://${string}` | `rediss://${string}`;

const REDIS = /^rediss?:\/\//;

/** Checks a `--store` value; undefined means it is none of the accepted forms. */
export function parseStoreSpec(value: string): StoreSpec | undefined {
  if (value === 'fs' || value === 'memory') return value;
  if (!REDIS.test(value)) return undefined;
  try {
    new URL(value);
  } catch {
    return undefined;
  }
  return value as StoreSpec;
}

/** True when other processes may share this storage (stats then need a shard per process). */
export const isSharedStore = (spec: StoreSpec): boolean => REDIS.test(spec);

/** The URL with any password replaced, for messages and logs. */
export function redactStoreUrl(spec: string): string {
  if (!REDIS.test(spec)) return spec;
  const url = new URL(spec);
  if (url.password) url.password = '***';
  return url.href;
}

/**
 * The storage for a spec: unstorage's drivers, nothing hand-written. Redis goes through unstorage's redis driver
 * (ioredis, loaded only when asked for), under a `headroom:` key prefix; its TTLs are native (SET … EX), while fs
 * and memory entries carry their own expiry and are swept by the store. A Redis that cannot be reached at start
 * is a StoreError, not a hang.
 */
export async function createStorageFor(spec: StoreSpec, opts: { base?: string; onError?: (err: Error) => void } = {}): Promise<Storage> {
  if (spec === 'memory') return createStorage();
  if (spec === 'fs') return createFsStorage(opts.base);
  const { default: redisDriver } = await import('unstorage/drivers/redis');
  const driver = redisDriver({ url: spec, base: 'headroom', connectTimeout: 5_000, maxRetriesPerRequest: 3, lazyConnect: true });
  const client = driver.getInstance?.() as { on(event: 'error', fn: (err: Error) => void): void; connect(): Promise<void>; disconnect(): void } | undefined;
  // ioredis reconnects by itself; without a listener it prints every failed attempt as an unhandled error.
  client?.on('error', (err) => opts.onError?.(err));
  try {
    await client?.connect();
  } catch (cause) {
    client?.disconnect();
    throw new StoreError(`cannot reach ${redactStoreUrl(spec)}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
  return createStorage({ driver });
}
