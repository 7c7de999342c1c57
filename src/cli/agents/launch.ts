/** Starting the agent: find its executable, run it in the foreground, forward signals, report how it ended. */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { CliError } from '../errors.ts';

/** The executable `name` resolves to on PATH (what a shell would run), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = isAbsolute(name) || name.includes('/') ? [name] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name));
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue;
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the agent with our terminal (stdio inherited) and forwards SIGTERM and SIGHUP to it. SIGINT is forwarded only
 * when stdin is not a terminal: Ctrl-C in a terminal already reaches the agent (it is in our process group), and a
 * second copy would make Claude Code or Codex quit where the user meant "interrupt". While the agent runs we never
 * die of these signals ourselves, so the agent decides when the session ends and we can clean up after it.
 */
export function runAgent(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<AgentExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: 'inherit', env });
    const handlers = FORWARDED.map((sig) => {
      const h = () => {
        if (sig === 'SIGINT' && process.stdin.isTTY) return;
        try {
          child.kill(sig);
        } catch {
          // already gone
        }
      };
      process.on(sig, h);
      return [sig, h] as const;
    });
    const done = () => { for (const [sig, h] of handlers) process.off(sig, h); };
    child.once('error', (err) => {
      done();
      const code = (err as { code?: string }).code;
      reject(new CliError(code === 'ENOENT' || code === 'EACCES' ? `cannot run ${bin} (${code})` : `cannot run ${bin}: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      done();
      resolve({ code, signal });
    });
  });
}

/** Ends this process the way the agent ended: same exit code, or the same signal (so shells see "killed by SIGINT"). */
export function exitLike(exit: AgentExit): never {
  if (exit.signal) {
    process.kill(process.pid, exit.signal);
    // A signal we ignore (none today) would leave us running: fall back to the shell convention 128 + n.
  }
  const n = exit.signal ? (({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }) as Record<string, number>)[exit.signal] ?? 0 : 0;
  process.exit(exit.code ?? 128 + n);
}
