/** The manifest of real captured fixtures (bench/fixtures/real/manifest.json), written by hand after a capture. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Fixture, parseManifest } from '../src/perf/fixtures.ts';

export type { Fixture } from '../src/perf/fixtures.ts';

export const fixturesDir = (root: string): string => join(root, 'bench', 'fixtures', 'real');

export function loadManifest(root: string): Fixture[] {
  return parseManifest(JSON.parse(readFileSync(join(fixturesDir(root), 'manifest.json'), 'utf8')));
}
