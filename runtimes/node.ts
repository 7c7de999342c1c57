/** Node runtime: the platform (pooled outbound HTTP, fs or memory storage, logging) and serving the app on a port. */
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { createStorage, type Storage } from 'unstorage';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, createGatewayTenants, createLlmDeps, type GatewayOptions } from '../src/app.ts';
import type { Registry } from '../src/compress/registry.ts';
import { upgradeGate } from '../src/auth/upgrade.ts';
import { createLogger, type LogLevel, type Platform } from '../src/platform.ts';
import type { ProxyConfigInput } from '../src/proxy/config.ts';
import { shardName } from '../src/proxy/stats-shards.ts';
import { createFsStorage, createStorageFor, isSharedStore, type StoreSpec } from './node-storage.ts';
import { createPooledFetch } from './node-http-client.ts';
import { installNodeModelLoader } from './node-models.ts';
import { createTokenCounterThread, type TokenCounterThread } from './node-token-counter.ts';
import { installNodeGrammarLoader } from './node-wasm.ts';
import { attachWebSocketRelay } from './node-websocket.ts';

export { createFsStorage, createLocalStore, dataDir } from './node-storage.ts';

/**
 * Outbound HTTP for the proxy: undici on a keep-alive pool (see node-http-client.ts). Bun's `undici` is its own
 * shim whose `request` does not stream responses the same way; there the native fetch (pooled already) is used.
 */
export function createNodeFetch(): Platform['fetch'] {
  if (process.versions.bun) return globalThis.fetch.bind(globalThis) as Platform['fetch'];
  return createPooledFetch() as Platform['fetch'];
}

export interface NodePlatformOptions {
  /** fs and memory are built here; a Redis URL needs `storage` from createStorageFor (it connects first). */
  store?: StoreSpec;
  storage?: Storage;
  logLevel?: LogLevel;
  base?: string;
}

/** One counting thread per process, shared by every platform built here (tenants, tests' many proxies). */
let counter: TokenCounterThread | undefined;

export function createNodePlatform(opts: NodePlatformOptions = {}): Platform {
  installNodeGrammarLoader();
  installNodeModelLoader();
  counter ??= createTokenCounterThread();
  return {
    fetch: createNodeFetch(),
    countTokens: counter.count,
    storage: opts.storage ?? (opts.store === 'memory' ? createStorage() : createFsStorage(opts.base)),
    now: () => Date.now(),
    log: createLogger(opts.logLevel ?? 'info', (line) => process.stderr.write(`${line}\n`)),
    // The `headroom` bin also runs under Bun (`bunx --bun headroom proxy`), through Bun's Node APIs.
    runtime: process.versions.bun ? `bun ${process.versions.bun} (node APIs)` : `node ${process.versions.node}`,
  };
}

export interface ServeOptions extends NodePlatformOptions {
  port?: number;
  hostname?: string;
  config?: ProxyConfigInput;
  /** Team gateway mode: keys required on every request (see src/auth/). */
  gateway?: Omit<GatewayOptions, 'instance'>;
  /** This process's name among those sharing a Redis store (default: host name and port). */
  instance?: string;
  /** The compressors to run (default: the built-in registry), e.g. with another prose scorer. */
  registry?: Registry;
}

/** Starts the gateway on a real port; resolves once it listens. */
export async function serveNode(opts: ServeOptions = {}): Promise<{ server: ServerType; port: number; close: () => Promise<void> }> {
  let log: Platform['log'] = () => {};
  const shared = opts.store !== undefined && isSharedStore(opts.store);
  const storage = opts.storage ?? (shared ? await createStorageFor(opts.store!, { onError: (err) => log('warn', 'redis', { err: err.message }) }) : undefined);
  const platform = createNodePlatform({ ...opts, ...(storage ? { storage } : {}) });
  counter?.warm();
  log = platform.log;
  // Processes sharing a store each write their own stats shard, named after the process (stable across restarts).
  const instance = opts.instance ?? (opts.port ? `${hostname()}-${opts.port}` : `${hostname()}-${crypto.randomUUID().slice(0, 8)}`);
  const deps = createLlmDeps(platform, opts.config, {
    ...(shared ? { shard: shardName(instance) } : {}), ...(opts.registry ? { registry: opts.registry } : {}),
  });
  const gateway = opts.gateway && { ...opts.gateway, instance };
  // One set of tenants for HTTP and WebSocket: a socket's compressions are retrievable over HTTP with the same key.
  const tenants = gateway && (gateway.tenants ?? createGatewayTenants(platform, opts.config ?? {}, deps, gateway));
  const app = createApp(platform, opts.config, deps, gateway && { ...gateway, tenants });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 8787, hostname: opts.hostname ?? '127.0.0.1' }, (info) => {
      resolve({
        server, port: info.port,
        close: () => new Promise<void>((res) => {
          sockets?.close();
          server.close(() => void Promise.resolve(shared ? platform.storage.dispose() : undefined).finally(() => res()));
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
    // Responses over WebSocket (Codex): the same deps (a key's tenant's, in gateway mode), so the block cache and the
    // ledger are shared with HTTP; in gateway mode each handshake passes the HTTP key rules first.
    const gate = gateway && tenants && upgradeGate({ keys: gateway.keys, tenants, log: platform.log });
    const sockets = attachWebSocketRelay(server as Server, deps, gate ? { gate } : {});
    server.once('error', reject);
  });
}
