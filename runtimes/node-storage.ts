/** Where headroom keeps its data on this machine (Node, Bun), and the storage built on it. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createStorage, type Storage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
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

