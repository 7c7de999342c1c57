/**
 * Where `headroom perf` / `evals` find their data on disk: the real captured fixtures ship in the package
 * (bench/fixtures/real, listed in package.json "files"); the fidelity anchors live outside it (../shared/anchors, or
 * HEADROOM_ANCHORS) and are used only when present. The package root is found by walking up from this module, which
 * is dist/cli.mjs when installed and src/cli/ when run from the repo.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Fixture, type GoldenCase, parseManifest } from '../perf/index.ts';
import { CliError } from './errors.ts';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'headroom') return dir;
    const up = dirname(dir);
    if (up === dir) throw new CliError('cannot find the headroom package root (is the install complete?)');
    dir = up;
  }
}

export function readRealFixtures(root = packageRoot()): Array<{ fixture: Fixture; text: string }> {
  const dir = join(root, 'bench', 'fixtures', 'real');
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) throw new CliError(`the real tool-output fixtures are missing (${manifest}); reinstall headroom`);
  return parseManifest(JSON.parse(readFileSync(manifest, 'utf8'))).map((fixture) => ({
    fixture, text: readFileSync(join(dir, fixture.file), 'utf8'),
  }));
}

/** The golden cases file, or null when neither HEADROOM_ANCHORS nor ../shared/anchors (from the package or cwd) has it. */
export function locateAnchors(root = packageRoot()): string | null {
  const env = process.env.HEADROOM_ANCHORS;
  const rel = join('..', 'shared', 'anchors', 'headroom-fidelity-golden', 'cases.json');
  const candidates = env ? [resolve(env)] : [resolve(root, rel), resolve(process.cwd(), rel)];
  for (const p of candidates) {
    const file = existsSync(p) && statSync(p).isDirectory() ? join(p, 'cases.json') : p;
    if (existsSync(file)) return file;
  }
  return null;
}

export function readAnchors(file: string): GoldenCase[] {
  const cases = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(cases)) throw new CliError(`${file}: expected a JSON array of golden cases`);
  return cases as GoldenCase[];
}
