/** Starts a gateway process (Bun, Deno, an installed package's bin) with a temp HOME and finds the port it printed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gateway } from './behaviour.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'node_modules', '.bin');

export interface Spawned extends Gateway {
  base: string;
  output(): string;
}

/** A HOME (and XDG/HEADROOM dirs under it) that is never the user's. */
export function tempEnv(extra: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), 'headroom-rt-'))): { env: NodeJS.ProcessEnv; dir: string } {
  return {
    dir,
    env: {
      ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'), HEADROOM_HOME: join(dir, 'headroom'), NO_COLOR: '1', ...extra,
    },
  };
}

export async function spawnGateway(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Spawned> {
  const { env, dir } = tempEnv(opts.env);
  // Its own process group: launchers (npx, bunx) run the proxy as a grandchild and do not always pass SIGTERM on,
  // which left proxies running after the tests; the whole group is signalled instead.
  const child: ChildProcess = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start listening:\n${out}`)), opts.timeoutMs ?? 90_000);
    const look = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} exited with ${code}:\n${out}`)); });
  });
  return {
    base,
    output: () => out,
    fetch: (path, init) => fetch(base + path, init),
    close: async () => {
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
