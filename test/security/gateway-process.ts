/** Real `headroom proxy` child processes (the built bin) with a temp HOME, their stdout/stderr captured. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface GatewayProcess {
  base: string;
  /** Its temp HOME (HEADROOM_HOME is `data/` inside): removed by stop(). */
  dir: string;
  /** Everything it printed so far (stdout + stderr). */
  output(): string;
  stop(): Promise<void>;
}

export function tempHome(): { env: Record<string, string>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-gw-'));
  return { dir, env: { HOME: dir, HEADROOM_HOME: join(dir, 'data'), XDG_DATA_HOME: join(dir, 'xdg'), XDG_CONFIG_HOME: join(dir, 'cfg') } };
}

/** Starts `headroom proxy ARGS` on a free port and resolves with its base URL once it listens. */
export async function startGateway(args: string[], env: Record<string, string> = {}): Promise<GatewayProcess> {
  const home = tempHome();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/headroom.mjs'), 'proxy', '--port', '0', ...args], {
    cwd: ROOT, env: { ...process.env, HEADROOM_KEYS: '', HEADROOM_STORE: '', ...home.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const base = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`headroom proxy exited (${code}): ${out}`)));
  });
  return {
    base, dir: home.dir, output: () => out,
    stop: () => new Promise<void>((resolve) => {
      const done = () => { rmSync(home.dir, { recursive: true, force: true }); resolve(); };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    }),
  };
}

/** Runs `headroom proxy ARGS` expecting it to refuse to start; resolves with its exit code and output. */
export async function failingGateway(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const home = tempHome();
  const child = spawn(process.execPath, [join(ROOT, 'bin/headroom.mjs'), 'proxy', ...args], {
    cwd: ROOT, env: { ...process.env, HEADROOM_KEYS: '', HEADROOM_STORE: '', ...home.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
  const timer = setTimeout(() => child.kill('SIGTERM'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  rmSync(home.dir, { recursive: true, force: true });
  return { code, out };
}
