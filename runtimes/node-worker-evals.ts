/**
 * `headroom evals --worker` (node-only): builds the Worker exactly as `wrangler deploy` would (`--dry-run --outdir`),
 * runs it in workerd through miniflare with a local KV namespace, and sends every workload through the real
 * `/v1/messages` route with ANTHROPIC_UPSTREAM pointing at a tiny fake upstream on 127.0.0.1, which records what
 * the gateway forwarded. That body is what gets scored, so the eval covers the whole edge request path.
 *
 * miniflare and wrangler are dev dependencies, and wrangler.toml and runtimes/ are not in the npm package: this
 * only works from a checkout. They are loaded by path at run time so the CLI bundle never includes them.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Miniflare } from 'miniflare';
import { type PerfRow, type PerfSummary, type PerfWorkload, scoreReceived, summarize, workloadRequest, WorkerEvalError } from '../src/perf/index.ts';

export interface WorkerEvalOptions {
  onBuild?: () => void;
  onStart?: (w: PerfWorkload, i: number) => void;
  onDone?: (row: PerfRow, i: number) => void;
}

export interface WorkerEvalSummary extends PerfSummary {
  /** wrangler's "Total Upload … gzip" of the bundle that was evaluated, KiB. */
  bundle: { totalKiB: number; gzipKiB: number };
}

interface Tooling {
  miniflare: string;
  wrangler: string;
}

function tooling(root: string): Tooling | string {
  for (const f of ['wrangler.toml', join('runtimes', 'workers.ts')]) {
    if (!existsSync(join(root, f))) return `needs a headroom checkout (${f} is not in the installed package): git clone, npm ci, then npm run evals`;
  }
  const req = createRequire(join(root, 'package.json'));
  try {
    return { miniflare: req.resolve('miniflare'), wrangler: join(req.resolve('wrangler/package.json'), '..', 'bin', 'wrangler.js') };
  } catch {
    return 'needs the dev dependencies miniflare and wrangler (run npm ci in the checkout)';
  }
}

/** Why the Worker evals cannot run from `root`, or null when they can. */
export function workerEvalsUnavailable(root: string): string | null {
  const t = tooling(root);
  return typeof t === 'string' ? t : null;
}

export async function runWorkerEvals(root: string, workloads: readonly PerfWorkload[], opts: WorkerEvalOptions = {}): Promise<WorkerEvalSummary> {
  const tools = tooling(root);
  if (typeof tools === 'string') throw new WorkerEvalError(tools);
  const tmp = mkdtempSync(join(tmpdir(), 'headroom-evals-worker-'));
  let mf: Miniflare | undefined;
  let upstream: FakeUpstream | undefined;
  try {
    opts.onBuild?.();
    const build = await buildWorker(root, tools.wrangler, tmp);
    upstream = await startUpstream();
    const { Miniflare: MiniflareClass } = (await import(pathToFileURL(tools.miniflare).href)) as typeof import('miniflare');
    mf = new MiniflareClass({
      scriptPath: build.script, modules: true, modulesRoot: build.dir,
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: /compatibility_date\s*=\s*"([\d-]+)"/.exec(readFileSync(join(root, 'wrangler.toml'), 'utf8'))?.[1] ?? '2026-04-01',
      // The placeholder `request.cf` instead of fetching Cloudflare's: the eval stays offline.
      cf: false,
      kvNamespaces: ['HEADROOM_KV'],
      bindings: { ANTHROPIC_UPSTREAM: upstream.url, HEADROOM_LOG_LEVEL: 'silent' },
    });
    await mf.ready;
    const rows: PerfRow[] = [];
    for (const [i, w] of workloads.entries()) {
      opts.onStart?.(w, i);
      const row = await runOne(mf, upstream, w);
      rows.push(row);
      opts.onDone?.(row, i);
    }
    return { ...summarize(rows), bundle: { totalKiB: build.totalKiB, gzipKiB: build.gzipKiB } };
  } finally {
    await mf?.dispose();
    await upstream?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function runOne(mf: Miniflare, upstream: FakeUpstream, w: PerfWorkload): Promise<PerfRow> {
  upstream.received.length = 0;
  const t0 = performance.now();
  const res = await mf.dispatchFetch('http://gateway.test/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-eval-not-a-key' },
    body: JSON.stringify(workloadRequest(w)),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  const name = `${w.group}/${w.name}`;
  if (res.status !== 200) throw new WorkerEvalError(`${name}: the Worker answered ${res.status}: ${text.slice(0, 300)}`);
  if (upstream.received.length !== 1) throw new WorkerEvalError(`${name}: the upstream received ${upstream.received.length} requests, expected 1`);
  return scoreReceived(w, JSON.parse(upstream.received[0]!) as unknown, ms);
}

interface Build {
  dir: string;
  script: string;
  totalKiB: number;
  gzipKiB: number;
}

async function buildWorker(root: string, wrangler: string, tmp: string): Promise<Build> {
  const dir = join(tmp, 'worker');
  const home = join(tmp, 'home');
  // wrangler keeps config and logs under HOME/XDG dirs: a throwaway one, never the user's.
  const env = {
    ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'),
    WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1',
  };
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', dir], { cwd: root, env, maxBuffer: 16 << 20 }));
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    throw new WorkerEvalError(`wrangler could not build the Worker: ${(e.stderr || e.message || String(err)).trim().split('\n').slice(-5).join(' ')}`);
  }
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  const script = readdirSync(dir).find((f) => f.endsWith('.js'));
  if (!m || !script) throw new WorkerEvalError(`wrangler wrote no bundle to ${dir}`);
  return { dir, script: join(dir, script), totalKiB: Number(m[1]), gzipKiB: Number(m[2]) };
}

interface FakeUpstream {
  url: string;
  /** Request bodies received, in order. */
  received: string[];
  close(): Promise<void>;
}

/** A provider stand-in on 127.0.0.1: records each body and answers with a short final message (no tool calls). */
async function startUpstream(): Promise<FakeUpstream> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: 'msg_eval', type: 'message', role: 'assistant', model: 'claude-headroom-eval', stop_reason: 'end_turn',
        content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: 1, output_tokens: 1 },
      }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
