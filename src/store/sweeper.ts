/**
 * When and how expiry sweeps run for drivers without native TTLs (fs, memory). A sweep lists every key, so it
 * costs O(entries): run after every N writes it fell behind under load, sweeps overlapped, and each held its own
 * key list in memory (the proxy's RSS grew ~200 MB/min in the load run). So: one sweep at a time, never awaited by
 * the write that triggered it, and at most one per interval however fast writes come.
 */
import type { Storage } from 'unstorage';

export interface SweeperOptions {
  /** Writes between sweeps. */
  every: number;
  /** Least time between two sweeps started by writes (ms). */
  minIntervalMs: number;
  now: () => number;
  onError?: (err: unknown) => void;
}

export interface Sweeper {
  /** Counts one write; may start a sweep in the background. */
  wrote(): void;
  /** Runs a sweep now, or joins the one running. Resolves with what it removed. */
  run(): Promise<number>;
}

export function createSweeper(sweep: () => Promise<number>, opts: SweeperOptions): Sweeper {
  let writes = 0;
  let last = -Infinity;
  let running: Promise<number> | undefined;
  const run = (): Promise<number> => {
    if (running) return running;
    last = opts.now();
    writes = 0;
    const p = sweep().finally(() => { running = undefined; });
    running = p;
    return p;
  };
  return {
    wrote() {
      if (++writes < opts.every || running || opts.now() - last < opts.minIntervalMs) return;
      run().catch((err: unknown) => opts.onError?.(err));
    },
    run,
  };
}

/** Age and size of an entry from the driver's metadata (fs: one stat instead of reading and parsing the entry). */
export async function statEntry(storage: Storage, key: string): Promise<{ mtime: number; size: number } | undefined> {
  let meta: { mtime?: unknown; size?: unknown };
  try {
    meta = await storage.getMeta(key, { nativeOnly: true });
  } catch {
    return undefined; // no metadata: the caller reads the entry itself
  }
  return meta.mtime instanceof Date && typeof meta.size === 'number' ? { mtime: meta.mtime.getTime(), size: meta.size } : undefined;
}
