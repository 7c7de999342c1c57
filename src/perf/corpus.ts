/**
 * The built-in benchmark corpus as one list: the synthetic workloads, the real captured tool outputs (read by the
 * caller), code outlines, and prose when a prose compressor is registered. `headroom perf` and `headroom evals`
 * run it in-process; `npm run bench` runs the same generators.
 */
import { createRegistry } from '../compress/registry.ts';
import { codeWorkload } from './code.ts';
import { type Fixture, fixtureWorkload } from './fixtures.ts';
import { proseWorkload } from './prose.ts';
import type { ScenarioInput } from './scenario.ts';
import { allWorkloads } from './workloads/index.ts';

export type PerfGroup = 'synthetic' | 'real' | 'code' | 'prose' | 'file';

export interface PerfWorkload extends ScenarioInput {
  group: PerfGroup;
}

export interface CorpusOptions {
  /** The real fixtures with their text, as read from bench/fixtures/real by the caller. */
  real?: ReadonlyArray<{ fixture: Fixture; text: string }>;
  /** Include prose; default: when the registry has a prose compressor (else prose passes through and proves nothing). */
  prose?: boolean;
}

export function proseRegistered(): boolean {
  return createRegistry().compressors.text.length > 0;
}

export function perfCorpus(opts: CorpusOptions = {}): PerfWorkload[] {
  const out: PerfWorkload[] = allWorkloads().map((w) => ({ ...w, group: 'synthetic' }));
  for (const { fixture, text } of opts.real ?? []) out.push({ ...fixtureWorkload(fixture, text), group: 'real' });
  out.push({ ...codeWorkload(), group: 'code' });
  if (opts.prose ?? proseRegistered()) out.push({ ...proseWorkload(), group: 'prose' });
  return out;
}

/** A workload of the user's own tool output (`headroom perf --file PATH --query Q`): no gold facts to check. */
export function fileWorkload(name: string, text: string, question: string): PerfWorkload {
  return { name, question, gold: [], group: 'file', outputs: [{ label: name, text, path: name }] };
}

/** Case-insensitive match on the workload name, or a whole group by its name. */
export function selectWorkloads(all: readonly PerfWorkload[], name: string): PerfWorkload[] {
  const q = name.toLowerCase();
  const exact = all.filter((w) => w.name.toLowerCase() === q || w.group === q);
  return exact.length > 0 ? exact : all.filter((w) => w.name.toLowerCase().includes(q));
}
