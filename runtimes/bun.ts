/**
 * Bun entry: `bun runtimes/bun.ts [--port 8787] [--host …] [--store fs|memory] …` serves the gateway with
 * Bun.serve (flags as `headroom proxy`). Storage and grammars as on Node: fs under the data dir, wasm/ from disk.
 */
import { createStorage } from 'unstorage';
import { createApp } from '../src/app.ts';
import { createLogger, type LogLevel, type Platform } from '../src/platform.ts';
import type { ProxyConfigInput } from '../src/proxy/config.ts';
import { createFsStorage } from './node-storage.ts';
import { setDefaultGrammarLoader } from '../src/compress/code/index.ts';
import { installNodeGrammarLoader } from './node-wasm.ts';
import { listeningLine, parseServeArgs } from './serve-args.ts';

/** The part of Bun's API this entry uses (no @types/bun: the rest of the repo type-checks against Node). */
interface BunServer {
  readonly port: number;
  stop(closeActiveConnections?: boolean): Promise<void>;
}
declare const Bun: {
  readonly version: string;
  /** Files embedded by `bun build --compile … wasm/*.wasm` (`npm run build:binary`); empty otherwise. */
  readonly embeddedFiles: readonly (Blob & { name: string })[];
  serve(options: { fetch: (request: Request) => Response | Promise<Response>; port: number; hostname: string; idleTimeout: number }): BunServer;
};

/** The single-file binary carries wasm/ inside itself; run from the repo or a package, grammars are read from disk. */
function installBunGrammarLoader(): void {
  const embedded = new Map(Bun.embeddedFiles.map((f) => [f.name, f]));
  if (!embedded.has('tree-sitter.wasm')) return installNodeGrammarLoader();
  setDefaultGrammarLoader(async (file) => {
    const blob = embedded.get(file);
    if (!blob) throw new TypeError(`code: ${file} is not in this binary`);
    return new Uint8Array(await blob.arrayBuffer());
  });
}

export function createBunPlatform(opts: { store?: 'fs' | 'memory'; logLevel?: LogLevel; base?: string } = {}): Platform {
  installBunGrammarLoader();
  return {
    // Bun's fetch keeps connections alive and pools them by itself.
    fetch: (input, init) => fetch(input, init),
    storage: opts.store === 'memory' ? createStorage() : createFsStorage(opts.base),
    now: () => Date.now(),
    log: createLogger(opts.logLevel ?? 'info', (line) => process.stderr.write(`${line}\n`)),
    runtime: `bun ${Bun.version}`,
  };
}

export function serveBun(opts: { port?: number; hostname?: string; store?: 'fs' | 'memory'; logLevel?: LogLevel; config?: ProxyConfigInput }): BunServer {
  const platform = createBunPlatform(opts);
  const app = createApp(platform, opts.config);
  // Bun closes connections idle for 10 s by default; a model thinking before its first token can take longer.
  return Bun.serve({ fetch: app.fetch, port: opts.port ?? 8787, hostname: opts.hostname ?? '127.0.0.1', idleTimeout: 255 });
}

if (import.meta.main) {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`headroom: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const server = serveBun(args);
  process.stdout.write(`${listeningLine(args.hostname, server.port, `bun ${Bun.version}, store: ${args.store}`)}\n`);
  const stop = () => void server.stop(true).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
