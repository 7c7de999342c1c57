/**
 * The proxy behind `headroom wrap`: reuse a healthy one on the port (never start a second), else start
 * `headroom proxy` as a detached child that logs to the data dir. Who uses it is tracked by files in the data dir,
 * so the last wrapped agent to exit stops a proxy that wrap started, a proxy kept for durable (--persist) configs
 * stays up until `headroom unwrap`, and a proxy the user started is never stopped by us.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../../runtimes/node-storage.ts';
import { CliError } from './errors.ts';

export interface ProxyHealth {
  ok: boolean;
  version?: string;
  runtime?: string;
  upstreams?: { anthropic?: string; openai?: string };
  compression?: boolean;
}

export type HealthCheck =
  | { state: 'healthy'; health: ProxyHealth }
  | { state: 'down'; reason: string }
  /** Something answers on the port but it is not a headroom proxy. */
  | { state: 'foreign'; reason: string };

export const baseFor = (port: number) => `http://127.0.0.1:${port}`;

export async function checkHealth(base: string, timeoutMs = 2_000): Promise<HealthCheck> {
  let res: Response;
  try {
    res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { state: 'down', reason: cause?.code === 'ECONNREFUSED' ? 'nothing is listening' : (cause?.code ?? (err instanceof Error ? err.message : String(err))) };
  }
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as ProxyHealth;
    if (res.ok && body && body.ok === true && typeof body.version === 'string') return { state: 'healthy', health: body };
  } catch {
    // not JSON: not ours
  }
  return { state: 'foreign', reason: `GET /health answered ${res.status}` };
}

interface PidFile {
  pid: number;
  port: number;
  /** Kept for durable configs (--persist, GUI agents): wrap sessions never stop it. */
  persistent: boolean;
  started: number;
  log: string;
}

export const runDir = (env: NodeJS.ProcessEnv = process.env) => join(dataDir(env), 'run');
const pidPath = (port: number, env: NodeJS.ProcessEnv) => join(runDir(env), `proxy-${port}.json`);
const sessionsDir = (port: number, env: NodeJS.ProcessEnv) => join(runDir(env), `sessions-${port}`);

export function readPidFile(port: number, env: NodeJS.ProcessEnv = process.env): PidFile | undefined {
  try {
    return JSON.parse(readFileSync(pidPath(port, env), 'utf8')) as PidFile;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Pids of wrap sessions still running against this port (stale files of killed sessions are removed). */
function liveSessions(port: number, env: NodeJS.ProcessEnv): number[] {
  const dir = sessionsDir(port, env);
  if (!existsSync(dir)) return [];
  const out: number[] = [];
  for (const f of readdirSync(dir)) {
    const pid = Number(f);
    if (Number.isInteger(pid) && alive(pid)) out.push(pid);
    else rmSync(join(dir, f), { force: true });
  }
  return out;
}

/** Before signalling a recorded pid, make sure it is still our proxy and not a process that reused the pid. */
function isHeadroomProxy(pid: number): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.includes('proxy') && cmd.some((a) => a.includes('headroom'));
  } catch {
    return alive(pid); // no /proc (macOS): the health check before this is our best evidence
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops a proxy that wrap started on `port` (no-op for one the user started themselves). */
export async function stopStartedProxy(port: number, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const info = readPidFile(port, env);
  if (!info) return false;
  rmSync(pidPath(port, env), { force: true });
  if (!alive(info.pid) || !isHeadroomProxy(info.pid)) return false;
  process.kill(info.pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(info.pid); i++) await sleep(50);
  return true;
}

export interface EnsureProxyOptions {
  port: number;
  /** session: stopped when the last wrapped agent exits; persistent: kept for durable configs. */
  mode: 'session' | 'persistent';
  upstreams?: { anthropic?: string; openai?: string };
  /** Start the proxy with the memory tools on (`proxy --memory`, config `memory: true`). */
  memory?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The headroom CLI entry to run `proxy` with (default: the one running now). */
  cli?: string;
}

export interface ProxyHandle {
  base: string;
  started: boolean;
  health: ProxyHealth;
  /** Ends this session's use; stops the proxy when we started it and nobody else uses it. */
  release(): Promise<void>;
}

async function startDetached(opts: EnsureProxyOptions, env: NodeJS.ProcessEnv): Promise<ProxyHealth | 'raced'> {
  const dir = runDir(env);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, `proxy-${opts.port}.log`);
  const fd = openSync(log, 'a');
  const args = [opts.cli ?? process.argv[1]!, 'proxy', '--port', String(opts.port), '--host', '127.0.0.1', '--log-level', 'warn'];
  if (opts.upstreams?.anthropic) args.push('--anthropic-upstream', opts.upstreams.anthropic);
  if (opts.upstreams?.openai) args.push('--openai-upstream', opts.upstreams.openai);
  if (opts.memory) args.push('--memory');
  // Detached with its own session: it must survive our terminal closing when it backs a durable config.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  child.unref();
  let exited: number | null | undefined;
  child.once('exit', (code) => { exited = code; });
  const info: PidFile = { pid: child.pid!, port: opts.port, persistent: opts.mode === 'persistent', started: Date.now(), log };
  writeFileSync(pidPath(opts.port, env), `${JSON.stringify(info)}\n`);
  const base = baseFor(opts.port);
  for (let i = 0; i < 300; i++) {
    const h = await checkHealth(base, 1_000);
    if (h.state === 'healthy') return h.health;
    if (exited !== undefined) break;
    await sleep(50);
  }
  rmSync(pidPath(opts.port, env), { force: true });
  const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
  if (/already in use/.test(tail) && (await checkHealth(base)).state === 'healthy') return 'raced';
  if (exited === undefined) child.kill('SIGTERM');
  throw new CliError(`the proxy did not start on port ${opts.port}${tail ? `: ${tail}` : ''} (log: ${log})`);
}

export async function ensureProxy(opts: EnsureProxyOptions): Promise<ProxyHandle> {
  const env = opts.env ?? process.env;
  const base = baseFor(opts.port);
  const session = join(sessionsDir(opts.port, env), String(process.pid));
  if (opts.mode === 'session') {
    // Registered before looking, so a session ending meanwhile never stops the proxy under us.
    mkdirSync(sessionsDir(opts.port, env), { recursive: true });
    writeFileSync(session, '');
  }
  const release = async () => {
    if (opts.mode !== 'session') return;
    rmSync(session, { force: true });
    const info = readPidFile(opts.port, env);
    if (info && !info.persistent && liveSessions(opts.port, env).length === 0) await stopStartedProxy(opts.port, env);
  };
  try {
    const h = await checkHealth(base);
    if (h.state === 'foreign') throw new CliError(`port ${opts.port} is in use by something that is not a headroom proxy (${h.reason}); pick another with --port`);
    if (h.state === 'healthy') {
      const info = readPidFile(opts.port, env);
      if (opts.mode === 'persistent' && info && !info.persistent) writeFileSync(pidPath(opts.port, env), `${JSON.stringify({ ...info, persistent: true })}\n`);
      return { base, started: false, health: h.health, release };
    }
    const started = await startDetached(opts, env);
    if (started === 'raced') {
      const again = await checkHealth(base);
      return { base, started: false, health: again.state === 'healthy' ? again.health : { ok: true }, release };
    }
    return { base, started: true, health: started, release };
  } catch (err) {
    rmSync(session, { force: true });
    throw err;
  }
}

/** Drops the "persistent" mark: the proxy then stops with the last wrap session, or now if there is none. */
export async function releasePersistent(port: number, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const info = readPidFile(port, env);
  if (!info) return false;
  if (liveSessions(port, env).length > 0) {
    writeFileSync(pidPath(port, env), `${JSON.stringify({ ...info, persistent: false })}\n`);
    return false;
  }
  return stopStartedProxy(port, env);
}
