/**
 * The "code" workload: seeded TypeScript, Python and Go files printed with `cat`, outlined by the code compressor.
 * Gold facts are function signatures (an outline that drops one misleads the agent about what exists), plus the
 * body lines of the one function the question names (query-aware bodies must keep it).
 */
import { createRng } from './prng.ts';
import { goFile, pythonFile, typescriptFile } from './workloads/source-gen.ts';
import type { Workload } from './workloads/types.ts';

const SIGNATURE = /^(?:export async function |def |func )\w+\(.*$/;

/** First and last signature of a file: the ends are where an outline is most likely to slip. */
function signatures(text: string): string[] {
  const all = text.split('\n').filter((l) => SIGNATURE.test(l));
  return all.length > 1 ? [all[0]!, all.at(-1)!] : all;
}

export function codeWorkload(seed = 21): Workload {
  const rng = createRng(seed);
  // Three generated modules per language, concatenated, so each read is well above the outline threshold.
  const ts = [0, 1, 2].map(() => typescriptFile(rng, [])).join('\n');
  const py = [0, 1, 2].map(() => pythonFile(rng)).join('\n');
  const go = [0, 1, 2].map(() => goFile(rng)).join('\n');
  return {
    name: 'code outlines',
    question: 'Which functions does the billing code export, and what do they take?',
    outputs: [
      { label: 'cat ledger.ts', text: ts, toolName: 'Bash', command: 'cat src/billing/ledger.ts' },
      { label: 'cat worker.py', text: py, toolName: 'Bash', command: 'cat services/pdf-worker/worker.py' },
      { label: 'cat main.go', text: go, toolName: 'Bash', command: 'cat cmd/invoicer/main.go' },
    ],
    gold: [...signatures(ts), ...signatures(py), ...signatures(go)],
    targetPct: 50,
  };
}
