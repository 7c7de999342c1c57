/** Where headroom keeps its data on this machine (Node, Bun), and the storage built on it. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createStorage, type Storage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
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
