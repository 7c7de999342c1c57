/** The in-process store used when the library caller brings none: originals live as long as the process. */
import { createStorage } from 'unstorage';
import { createStore, type Store, type StoreOptions } from './store.ts';

let shared: Store | undefined;

export function createMemoryStore(opts: StoreOptions = {}): Store {
  return createStore(createStorage(), opts);
}

export function defaultMemoryStore(): Store {
  shared ??= createMemoryStore();
  return shared;
}
