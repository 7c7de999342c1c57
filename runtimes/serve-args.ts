/**
 * Command-line flags of the Bun and Deno entries (`bun runtimes/bun.ts --port 9000`), the same names and defaults
 * as `headroom proxy`. node:util works on both runtimes; a bad flag is a one-line error, not a stack.
 */
import { parseArgs } from 'node:util';
import type { LogLevel } from '../src/platform.ts';
import { resolveConfig, type ProxyConfig } from '../src/proxy/config.ts';

export interface ServeArgs {
  port: number;
  hostname: string;
  store: 'fs' | 'memory';
  logLevel: LogLevel;
  config: ProxyConfig;
}

const LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

export function parseServeArgs(argv: string[]): ServeArgs {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'anthropic-upstream': { type: 'string' },
      'openai-upstream': { type: 'string' },
      store: { type: 'string', default: 'fs' },
      'log-level': { type: 'string', default: 'info' },
      'no-compress': { type: 'boolean', default: false },
    },
  });
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`--port must be 0-65535, got "${v.port}"`);
  if (v.store !== 'fs' && v.store !== 'memory') throw new TypeError(`--store must be fs or memory, got "${v.store}"`);
  if (!LEVELS.includes(v['log-level'] as LogLevel)) throw new TypeError(`--log-level must be one of ${LEVELS.join(', ')}`);
  return {
    port, hostname: v.host!, store: v.store, logLevel: v['log-level'] as LogLevel,
    config: resolveConfig({
      upstreams: {
        ...(v['anthropic-upstream'] ? { anthropic: v['anthropic-upstream'] } : {}),
        ...(v['openai-upstream'] ? { openai: v['openai-upstream'] } : {}),
      },
      compression: !v['no-compress'],
    }),
  };
}

/** The line tests and people read to learn where the gateway listens. */
export function listeningLine(hostname: string, port: number, runtime: string): string {
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return `headroom proxy listening on http://${host}:${port} (${runtime})`;
}
