/**
 * `npm run bench`: synthetic workloads, real captured tool output, throughput, the fidelity anchors, and code outlines.
 * Flags: --json (write .bench-out/results.json), --markdown (print README tables), --only=a,b (sections:
 * synthetic, real, throughput, anchors, code, text), --quick (fewer timing runs). Exits non-zero when any gold fact is lost.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installNodeModelLoader } from '../runtimes/node-models.ts';
import { installNodeGrammarLoader } from '../runtimes/node-wasm.ts';
import { runAnchors } from './anchors.ts';
import { runCode } from './code.ts';
import { runText } from './text.ts';
import { runReal } from './real.ts';
import { type SectionResult, progress, renderMarkdown, renderText } from './report.ts';
import { runSynthetic } from './synthetic.ts';
import { runThroughput } from './throughput.ts';

// The code compressor's grammars ship in wasm/: measure what Node users get.
installNodeGrammarLoader();
installNodeModelLoader();

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

const SECTIONS: Record<string, () => Promise<SectionResult>> = {
  synthetic: runSynthetic,
  real: () => runReal(ROOT),
  throughput: () => runThroughput({ quick: flag('quick') }),
  anchors: () => runAnchors(ROOT),
  code: () => runCode(ROOT),
  text: () => runText(ROOT),
};

const unknown = (only ?? []).filter((s) => !(s in SECTIONS));
if (unknown.length) {
  console.error(`bench: unknown section(s) ${unknown.join(', ')}; expected ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}

const started = performance.now();
const results: SectionResult[] = [];
for (const [name, run] of Object.entries(SECTIONS)) {
  if (only && !only.includes(name)) continue;
  const r = await run();
  results.push(r);
  if (!flag('markdown')) for (const t of r.tables) console.log(renderText(t));
}
if (flag('markdown')) for (const r of results) for (const t of r.tables) if (!t.detail) console.log(renderMarkdown(t));

const failures = results.flatMap((r) => r.failures);
if (flag('json')) {
  const dir = join(ROOT, '.bench-out');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'results.json');
  const payload = { node: process.version, platform: `${process.platform}-${process.arch}`, failures,
    sections: Object.fromEntries(results.map((r) => [r.name, r.data])) };
  writeFileSync(file, JSON.stringify(payload, null, 2) + '\n');
  progress(`wrote ${file}`);
}
progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failures.length) {
  console.error(`\nFAIL: ${failures.length} gold fact(s) lost:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
