/** The manifest of real captured fixtures (bench/fixtures/real/manifest.json), written by hand after a capture. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Fixture {
  file: string;
  command: string;
  toolName?: string;
  /** The kind a human would call it; reported next to what the router detected, never forced. */
  expectKind?: string;
  query: string;
  gold: string[];
}

export const fixturesDir = (root: string): string => join(root, 'bench', 'fixtures', 'real');

export function loadManifest(root: string): Fixture[] {
  const manifest = JSON.parse(readFileSync(join(fixturesDir(root), 'manifest.json'), 'utf8')) as { fixtures: Fixture[] };
  return manifest.fixtures;
}
