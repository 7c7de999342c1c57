/** Node runtime: the platform (pooled outbound HTTP, fs or memory storage, logging) and serving the app on a port. */
import type { Server } from 'node:http';
import { createStorage } from 'unstorage';
import { serve, type ServerType } from '@hono/node-server';
import { Agent, fetch as undiciFetch } from 'undici';
import { createApp, createLlmDeps } from '../src/app.ts';
import { createLogger, type LogLevel, type Platform } from '../src/platform.ts';
import type { ProxyConfigInput } from '../src/proxy/config.ts';
import { createFsStorage } from './node-storage.ts';
import { installNodeGrammarLoader } from './node-wasm.ts';
import { attachWebSocketRelay } from './node-websocket.ts';

export { createFsStorage, createLocalStore, dataDir } from './node-storage.ts';

/** Outbound HTTP for the proxy: undici's fetch on a keep-alive pool (global fetch opens more connections per hop). */
export function createNodeFetch(): Platform['fetch'] {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 128 });
  return (input, init) => undiciFetch(input as string, { ...(init as object), dispatcher } as never) as unknown as Promise<Response>;
}

export interface NodePlatformOptions {
  store?: 'fs' | 'memory';
  logLevel?: LogLevel;
  base?: string;
}

export function createNodePlatform(opts: NodePlatformOptions = {}): Platform {
  installNodeGrammarLoader();
  return {
    fetch: createNodeFetch(),
    storage: opts.store === 'memory' ? createStorage() : createFsStorage(opts.base),
    now: () => Date.now(),
    log: createLogger(opts.logLevel ?? 'info', (line) => process.stderr.write(`${line}\n`)),
    runtime: `node ${process.versions.node}`,
  };
}

export interface ServeOptions extends NodePlatformOptions {
  port?: number;
  hostname?: string;
  config?: ProxyConfigInput;
}

/** Starts the gateway on a real port; resolves once it listens. */
export async function serveNode(opts: ServeOptions = {}): Promise<{ server: ServerType; port: number; close: () => Promise<void> }> {
  const platform = createNodePlatform(opts);
  const deps = createLlmDeps(platform, opts.config);
  const app = createApp(platform, opts.config, deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 8787, hostname: opts.hostname ?? '127.0.0.1' }, (info) => {
      resolve({
        server, port: info.port,
        close: () => new Promise<void>((res) => {
          sockets.close();
          server.close(() => res());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
    // Responses over WebSocket (Codex): the same deps, so the block cache and the ledger are shared with HTTP.
    const sockets = attachWebSocketRelay(server as Server, deps);
    server.once('error', reject);
  });
}
