/**
 * Builds the Worker as `wrangler deploy` would (`--dry-run --outdir`: esbuild bundle plus each wasm as a compiled
 * module) and runs it in workerd through miniflare, with a local KV namespace for HEADROOM_KV.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import type { Gateway } from './behaviour.ts';
import { ROOT, tempEnv } from './spawn.ts';

export interface WorkerBuild {
  dir: string;
  /** The bundled entry inside `dir`. */
  script: string;
  /** wrangler's "Total Upload: … KiB / gzip: … KiB", in KiB. */
  totalKiB: number;
  gzipKiB: number;
}

/** `env`: a wrangler.toml environment, e.g. "free". */
export async function buildWorker(env?: string): Promise<WorkerBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-worker-'));
  const args = ['deploy', '--dry-run', '--outdir', dir, ...(env ? ['--env', env] : [])];
  const home = tempEnv({ WRANGLER_SEND_METRICS: 'false', CI: 'true' });
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
    cwd: ROOT, env: home.env, maxBuffer: 16 << 20,
  }).finally(() => rmSync(home.dir, { recursive: true, force: true }));
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  if (!m) throw new Error(`wrangler printed no upload size:\n${stdout}`);
  const script = readdirSync(dir).find((f) => f.endsWith('.js'));
  if (!script) throw new Error(`wrangler wrote no script to ${dir}`);
  return { dir, script, totalKiB: Number(m[1]), gzipKiB: Number(m[2]) };
}

/** wrangler.toml's compatibility date, so the test runs what would be deployed. */
const compatibilityDate = /compatibility_date\s*=\s*"([\d-]+)"/.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))![1]!;

export async function startWorker(build: WorkerBuild, bindings: Record<string, string>): Promise<Gateway & { mf: Miniflare }> {
  const mf = new Miniflare({
    scriptPath: join(build.dir, build.script),
    modules: true,
    modulesRoot: build.dir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate,
    // The placeholder `request.cf` instead of fetching Cloudflare's (the machine reaches only npm and Debian).
    cf: false,
    kvNamespaces: ['HEADROOM_KV'],
    bindings,
  });
  await mf.ready;
  return {
    mf,
    fetch: async (path, init) => (await mf.dispatchFetch(`http://gateway.test${path}`, init as never)) as unknown as Response,
    close: () => mf.dispose(),
  };
}
