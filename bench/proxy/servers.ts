/**
 * Everything the bench talks to, on 127.0.0.1: the fake upstream (in the bench process) and the proxies under test,
 * by default in a child process of their own as deployed (`inProcess` shares one event loop with the client, which
 * also charges the proxy for the client's and upstream's work, and theirs for its own).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startProxies } from './proxies.ts';
import { type BenchUpstream, startBenchUpstream } from './upstream.ts';

export interface Servers {
  upstream: BenchUpstream;
  /** Origins by name: `direct` (the upstream itself), `proxy` (serveNode), `proxy-global-fetch`. */
  origins: { direct: string; proxy: string; 'proxy-global-fetch': string };
  close(): Promise<void>;
}

const origin = (port: number): string => `http://127.0.0.1:${port}`;

async function childProxies(upstream: string): Promise<{ proxy: number; global: number; close(): Promise<void> }> {
  const entry = fileURLToPath(new URL('./proxy-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, upstream], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench: proxy process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const ports = JSON.parse(line) as { proxy: number; global: number };
  return {
    ...ports,
    close: () => new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export async function startServers(inProcess: boolean): Promise<Servers> {
  const upstream = await startBenchUpstream();
  const p = inProcess
    ? await startProxies(upstream.url).then((x) => ({ proxy: x.proxyPort, global: x.globalPort, close: x.close }))
    : await childProxies(upstream.url);
  return {
    upstream,
    origins: { direct: upstream.url, proxy: origin(p.proxy), 'proxy-global-fetch': origin(p.global) },
    async close() {
      await p.close();
      await upstream.close();
    },
  };
}
