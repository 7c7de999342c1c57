/**
 * The two proxies under test: the gateway as shipped (`serveNode`: undici keep-alive pool, memory store, silent
 * log) and the same app on a Platform whose fetch is Node's global fetch, for the outbound-client comparison.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createStorage } from 'unstorage';
import { createApp } from '../../src/app.ts';
import { createLogger, type Platform } from '../../src/platform.ts';
import { serveNode } from '../../runtimes/node.ts';

export interface Proxies {
  proxyPort: number;
  globalPort: number;
  close(): Promise<void>;
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

export async function startProxies(upstream: string): Promise<Proxies> {
  const upstreams = { anthropic: upstream, openai: upstream };
  const proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { upstreams } });
  const platform: Platform = {
    fetch: (input, init) => globalThis.fetch(input, init),
    storage: createStorage(),
    now: () => Date.now(),
    log: createLogger('silent', () => undefined),
    runtime: `node ${process.versions.node}`,
  };
  const global = await listen(createApp(platform, { upstreams }).fetch);
  return {
    proxyPort: proxy.port,
    globalPort: global.port,
    async close() {
      await proxy.close();
      await new Promise<void>((res) => { (global.server as unknown as { closeAllConnections(): void }).closeAllConnections(); global.server.close(() => res()); });
    },
  };
}
