/**
 * What users get: `npm pack`'s tarball holds what runs (dist/, bin/, wasm/, models/) and nothing heavy besides;
 * installed into an empty folder, `npx headroom proxy` (Node) and `bunx --bun headroom proxy` (Bun running the same
 * bin) pass the shared behaviour suite. Dependencies come from npm's cache, else the registry.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runBehaviourSuite } from './behaviour.ts';
import { BIN, ROOT, spawnGateway, tempEnv } from './spawn.ts';

const run = promisify(execFile);
const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => run('npm', args, { cwd, env, maxBuffer: 64 << 20 });

interface Packed { tarball: string; files: { path: string; size: number }[]; size: number }
interface Installed { dir: string; packed: Packed }

let installing: Promise<Installed> | undefined;

/** Packs the built repo (dist/ comes from `npm test`'s tsdown) and installs the tarball into an empty folder, once. */
function installed(): Promise<Installed> {
  installing ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-pkg-'));
    const { env } = tempEnv({}, join(dir, 'home'));
    // npm's own cache (filled by the repo's install) keeps this offline-first; HOME stays a temp dir.
    const cache = (await npm(['config', 'get', 'cache'], ROOT, process.env)).stdout.trim();
    const packEnv = { ...env, npm_config_cache: cache };
    const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT, packEnv);
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string; size: number }[]; size: number }[];
    const packed = { tarball: join(dir, info!.filename), files: info!.files, size: info!.size };
    const app = join(dir, 'app');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "headroom-install-test", "private": true }\n');
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball], app, packEnv);
    return { dir, packed };
  })();
  return installing;
}

afterAll(async () => {
  if (installing) rmSync((await installing).dir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the built CLI and library, the bin, wasm/ and models/, and no sources, tests or training data', async () => {
    const { packed } = await installed();
    const paths = packed.files.map((f) => f.path);
    for (const p of ['bin/headroom.mjs', 'dist/cli.mjs', 'dist/index.mjs', 'dist/node.mjs', 'wasm/tree-sitter.wasm', 'wasm/tree-sitter-python.wasm', 'wasm/MANIFEST.json', 'models/MANIFEST.json', 'package.json']) {
      expect(paths).toContain(p);
    }
    expect(paths.filter((p) => /^(src|test|runtimes|node_modules|models\/train|\.ci)\//.test(p))).toEqual([]);
    console.log(`npm pack: ${(packed.size / 1048576).toFixed(2)} MiB packed, ${packed.files.length} files`);
  }, 300_000);

  it('installs into an empty folder with a working bin', async () => {
    const { dir } = await installed();
    expect(existsSync(join(dir, 'app/node_modules/.bin/headroom'))).toBe(true);
  }, 300_000);
});

const proxyArgs = (upstream: string) => ['proxy', '--port', '0', '--store', 'memory', '--log-level', 'warn', '--anthropic-upstream', upstream, '--openai-upstream', upstream];

runBehaviourSuite('installed package: npx headroom proxy (node)', {
  runtime: /^node /,
  start: async (upstream) => {
    const { dir } = await installed();
    return spawnGateway('npx', ['--no-install', 'headroom', ...proxyArgs(upstream)], { cwd: join(dir, 'app') });
  },
});

runBehaviourSuite('installed package: bunx --bun headroom proxy (bun)', {
  runtime: /^bun /,
  start: async (upstream) => {
    const { dir } = await installed();
    return spawnGateway(join(BIN, 'bunx'), ['--bun', 'headroom', ...proxyArgs(upstream)], { cwd: join(dir, 'app') });
  },
});
