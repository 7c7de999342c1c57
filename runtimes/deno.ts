/**
 * Deno entry: `deno run -A runtimes/deno.ts [--port 8787] [--host …] [--store fs|memory] …` serves the gateway
 * with Deno.serve (flags as `headroom proxy`; npm packages come from the repo's node_modules).
 */
import { createStorage } from 'unstorage';
import { createApp } from '../src/app.ts';
import { createLogger, type LogLevel, type Platform } from '../src/platform.ts';
import type { ProxyConfigInput } from '../src/proxy/config.ts';
import { createFsStorage } from './node-storage.ts';
import { installNodeGrammarLoader } from './node-wasm.ts';
import { listeningLine, parseServeArgs } from './serve-args.ts';

/** The part of Deno's API this entry uses (the repo type-checks against Node, without Deno's lib). */
interface DenoServer {
  readonly addr: { port: number };
  shutdown(): Promise<void>;
}
declare const Deno: {
  readonly version: { deno: string };
  readonly args: string[];
  serve(options: { port: number; hostname: string; onListen?: () => void }, handler: (request: Request) => Response | Promise<Response>): DenoServer;
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code: number): never;
};

export function createDenoPlatform(opts: { store?: 'fs' | 'memory'; logLevel?: LogLevel; base?: string } = {}): Platform {
  installNodeGrammarLoader();
  return {
    fetch: (input, init) => fetch(input, init),
    storage: opts.store === 'memory' ? createStorage() : createFsStorage(opts.base),
    now: () => Date.now(),
    log: createLogger(opts.logLevel ?? 'info', (line) => console.error(line)),
    runtime: `deno ${Deno.version.deno}`,
  };
}

export function serveDeno(opts: { port?: number; hostname?: string; store?: 'fs' | 'memory'; logLevel?: LogLevel; config?: ProxyConfigInput }): DenoServer {
  const app = createApp(createDenoPlatform(opts), opts.config);
  return Deno.serve({ port: opts.port ?? 8787, hostname: opts.hostname ?? '127.0.0.1', onListen: () => {} }, app.fetch);
}

if (import.meta.main) {
  let args;
  try {
    args = parseServeArgs(Deno.args);
  } catch (err) {
    console.error(`headroom: ${(err as Error).message}`);
    Deno.exit(1);
  }
  const server = serveDeno(args);
  console.log(listeningLine(args.hostname, server.addr.port, `deno ${Deno.version.deno}, store: ${args.store}`));
  const stop = () => void server.shutdown().then(() => Deno.exit(0));
  Deno.addSignalListener('SIGINT', stop);
  Deno.addSignalListener('SIGTERM', stop);
}
