/**
 * A throwaway redis-server for the Redis tests: 127.0.0.1, a free port, a temp dir, no persistence; stopped by
 * the test. Locally a missing redis-server skips those tests with a message; in CI (CI=true) it is a failure,
 * since .ci/run installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_BIN = process.env.HEADROOM_REDIS_SERVER ?? 'redis-server';

/** Why the Redis tests cannot run here, or undefined when they can. Throws in CI: there they must run. */
export function redisMissing(): string | undefined {
  const probe = spawnSync(REDIS_BIN, ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  const why = `${REDIS_BIN} not found (apt-get install -y redis-server); Redis tests skipped`;
  if (process.env.CI === 'true') throw new Error(`${why.replace('; Redis tests skipped', '')}: CI must run the Redis tests (.ci/run installs it)`);
  console.warn(`headroom tests: ${why}`);
  return why;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_BIN, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
    child.once('error', reject);
  });
  return {
    url: `redis://127.0.0.1:${port}/0`, port,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { rmSync(dir, { recursive: true, force: true }); resolve(); return; }
      child.once('exit', () => { rmSync(dir, { recursive: true, force: true }); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
