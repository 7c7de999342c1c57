/** A scripted upstream and a real proxy (memory store) in front of it, started once per test file. */
import { afterAll, beforeAll } from 'vitest';
import { serveNode } from '../../runtimes/node.ts';
import type { ProxyConfigInput } from '../../src/proxy/config.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';

export interface ProxyStack {
  upstream: FakeUpstream;
  proxy: Awaited<ReturnType<typeof serveNode>>;
  /** The proxy's base URL, e.g. http://127.0.0.1:40123 */
  base: string;
}

/** Registers beforeAll/afterAll hooks; the returned object is filled in before the first test runs. */
export function useProxyStack(config: Omit<ProxyConfigInput, 'upstreams'> = {}): ProxyStack {
  const stack = {} as ProxyStack;
  beforeAll(async () => {
    stack.upstream = await startFakeUpstream();
    stack.proxy = await serveNode({ port: 0, store: 'memory', logLevel: 'silent', config: { ...config, upstreams: { anthropic: stack.upstream.url, openai: stack.upstream.url } } });
    stack.base = `http://127.0.0.1:${stack.proxy.port}`;
  });
  afterAll(async () => {
    await stack.proxy?.close();
    await stack.upstream?.close();
  });
  return stack;
}
