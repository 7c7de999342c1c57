/**
 * unstorage's fs driver with atomic writes. Its own setItem is a plain `fs.writeFile` (open with O_TRUNC, then
 * write): a process killed in between leaves an empty or truncated file — a lost original, or stats totals reset
 * to zero because the truncated JSON no longer parses. Here each write goes to a temp file in the same directory
 * and is renamed over the key's file; rename(2) replaces the target atomically on POSIX, so a reader (or a restart
 * after SIGKILL) sees either the old entry or the new one, never a part. Everything else is the stock driver.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Driver } from 'unstorage';
import fsDriver, { type FSStorageOptions } from 'unstorage/drivers/fs';

/** Suffix of in-flight temp files; the driver's key listing ignores them. */
const TEMP_SUFFIX = '.headroom-tmp';
/** Temp files older than this are leftovers of a killed process, removed when a driver is created. */
const STALE_MS = 10 * 60 * 1000;

export type AtomicFsOptions = FSStorageOptions & { base: string };

export default function atomicFsDriver(opts: AtomicFsOptions): Driver {
  const base = resolve(opts.base);
  const driver = fsDriver({ ...opts, ignore: [...(opts.ignore ?? ['**/node_modules/**', '**/.git/**']), `**/*${TEMP_SUFFIX}`] });
  // Same key → path mapping as the stock driver (":" separates folders); its own check rejects ".." first.
  const pathOf = (key: string) => join(base, key.replace(/:/g, '/'));
  // Folders this driver has made: a recursive mkdir per write was ~1% of the proxy's CPU under load. A folder
  // removed behind our back only costs a retry (ENOENT below).
  const made = new Set<string>();
  const ensureDir = async (dir: string, force = false) => {
    if (made.has(dir) && !force) return;
    await mkdir(dir, { recursive: true });
    if (made.size > 10_000) made.clear();
    made.add(dir);
  };
  const write = async (key: string, value: string | Uint8Array) => {
    if (opts.readOnly) return;
    if (/\.\.:|\.\.$/.test(key)) throw new Error(`[unstorage] [fs] Invalid key: ${JSON.stringify(key)}. It should not contain .. segments`);
    const target = pathOf(key);
    const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    await ensureDir(dirname(target));
    try {
      try {
        await writeFile(temp, value);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await ensureDir(dirname(target), true);
        await writeFile(temp, value);
      }
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  };
  void sweepStale(base);
  return {
    ...driver,
    name: 'fs-atomic',
    setItem: (key, value) => write(key, value),
    setItemRaw: (key, value: string | Uint8Array) => write(key, value),
  };
}

/** Best effort: temp files a killed process left behind (never a live writer's: those are seconds old at most). */
async function sweepStale(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const cutoff = Date.now() - STALE_MS;
  for (const name of entries) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(dir, name);
    const s = await stat(path).catch(() => undefined);
    if (s && s.mtimeMs < cutoff) await unlink(path).catch(() => undefined);
  }
}
