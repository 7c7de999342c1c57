/**
 * `npm run build:binary`: one file with Bun and the gateway inside, grammars embedded. Built into a temp dir and
 * run from another, so nothing next to it on disk can help; it must pass the shared behaviour suite.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';
import { runBehaviourSuite } from './behaviour.ts';
import { BIN, ROOT, spawnGateway } from './spawn.ts';

const dir = mkdtempSync(join(tmpdir(), 'headroom-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runBehaviourSuite('bun single-file binary', {
  runtime: /^bun \d/,
  start: async (upstream) => {
    const out = join(dir, 'headroom');
    // The package.json script, with the output redirected.
    await promisify(execFile)(join(BIN, 'bun'), ['build', '--compile', 'runtimes/bun.ts', ...wasmFiles(), '--asset-naming=[name].[ext]', '--outfile', out], { cwd: ROOT });
    return spawnGateway(out, ['--port', '0', '--store', 'memory', '--log-level', 'warn', '--anthropic-upstream', upstream, '--openai-upstream', upstream], { cwd: dir });
  },
});

function wasmFiles(): string[] {
  return readdirSync(join(ROOT, 'wasm')).filter((f) => f.endsWith('.wasm')).map((f) => `wasm/${f}`);
}
