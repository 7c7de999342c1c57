/**
 * Real captured tool output (bench/fixtures/real/, shipped in the package): the manifest's shape and how one fixture
 * becomes a workload. Reading the files is the caller's job (node:fs in the CLI and the bench), so this stays portable.
 */
import type { ScenarioInput } from './scenario.ts';

export interface Fixture {
  file: string;
  command: string;
  toolName?: string;
  /** The kind a human would call it; reported next to what the router detected, never forced. */
  expectKind?: string;
  query: string;
  gold: string[];
}

/** The ≥60% overall target the real fixtures are held to. */
export const REAL_TARGET_PCT = 60;

/** Validates a parsed manifest.json; a malformed one is a packaging bug, reported with what is wrong. */
export function parseManifest(json: unknown): Fixture[] {
  const fixtures = (json as { fixtures?: unknown } | null)?.fixtures;
  if (!Array.isArray(fixtures)) throw new TypeError('perf: fixture manifest has no "fixtures" array');
  return fixtures.map((f: unknown, i) => {
    const x = f as Partial<Fixture> | null;
    if (!x || typeof x.file !== 'string' || typeof x.command !== 'string' || typeof x.query !== 'string' || !Array.isArray(x.gold)) {
      throw new TypeError(`perf: fixture manifest entry ${i} needs file, command, query and gold`);
    }
    return x as Fixture;
  });
}

/** The target applies to the fixtures overall, so a single fixture carries none. */
export function fixtureWorkload(f: Fixture, text: string): ScenarioInput {
  return {
    name: f.file, question: f.query, gold: f.gold,
    outputs: [{ label: f.file, text, toolName: f.toolName, command: f.command }],
  };
}
