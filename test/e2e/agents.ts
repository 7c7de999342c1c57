/**
 * Finding and running the real agent CLIs. They are not package dependencies (~640 MB together): .ci/run installs
 * pinned versions under .ci-out/agents and points HEADROOM_E2E_AGENTS at it. Locally the e2e tests skip with a clear
 * message when the CLIs are absent; in CI (CI=true) a missing CLI is a failure, never a silent skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const AGENTS_DIR = resolve(REPO, process.env.HEADROOM_E2E_AGENTS ?? '.ci-out/agents');
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface Agent {
  name: string;
  /** Absolute path of the executable, or undefined when it is not installed. */
  bin: string | undefined;
  /** Why it is missing, for the skip message / CI failure. */
  missing: string;
}

export function findAgent(name: 'claude' | 'codex'): Agent {
  const bin = join(AGENTS_DIR, 'node_modules', '.bin', name);
  const installed = existsSync(bin);
  return {
    name, bin: installed ? bin : undefined,
    missing: `${name} CLI not found at ${bin}: install the versions pinned in .ci/run with its ` +
      '`npm install --no-save --prefix .ci-out/agents …` line (or point HEADROOM_E2E_AGENTS at such a prefix)',
  };
}

/** A throwaway HOME-like directory, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a CLI with no stdin, a clean environment (only what we pass plus PATH) and a hard timeout. The child gets its
 * own process group so a timeout kills everything it started (the agents spawn shells).
 */
export function run(bin: string, args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(bin, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'dumb', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => { timedOut = true; kill(); }, opts.timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      kill(); // anything the agent left running in its group
      resolveRun({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** The shell command the scripted model asks for: a large, very compressible log with one line that matters. */
export const LOG_LINES = 1_000;
export const ERROR_LINE = 'ERROR worker 7 crashed: out of memory (heap 2048MB)';
export const COMMAND = `seq 1 ${LOG_LINES} | sed 's/^/INFO worker ok request /; 617s/.*/${ERROR_LINE}/'`;
/** Bytes the command prints, computed the same way (so assertions do not depend on running it here). */
export function commandOutput(): string {
  const lines: string[] = [];
  for (let i = 1; i <= LOG_LINES; i++) lines.push(i === 617 ? ERROR_LINE : `INFO worker ok request ${i}`);
  return `${lines.join('\n')}\n`;
}
