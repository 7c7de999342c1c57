/**
 * The "prose" workload: a seeded design note and incident write-up read as a file. Prose is compressed by dropping
 * low-information words within lines, so the gold facts are what must never go: numbers, identifiers, paths and quoted
 * strings. It runs only when a prose compressor is registered.
 */
import { createRng, type Rng } from './prng.ts';
import type { Workload } from './workloads/types.ts';

const FILLER = [
  'As we discussed in the planning meeting, the team generally agreed that this approach is the most practical one for now.',
  'In practice this means that most of the time the behaviour should be fairly similar to what people are used to already.',
  'It is worth noting that there were a number of different opinions about this, and some of them were quite reasonable.',
  'We will probably revisit the details later, once we have a better understanding of how the system behaves in production.',
  'For the sake of completeness, the rest of this section describes the background and the history of the decision.',
];

const FACTS = [
  'The retry budget is 3 attempts with a 250 ms base delay, configured in `config/retry.yaml`.',
  'Do not enable `--unsafe-fast-path` on the primary database; it skips fsync and can lose writes.',
  'The importer never deletes rows from `ledger_entries`; corrections are appended as reversal entries.',
  'Customers on the legacy plan are billed in arrears, not in advance, until migration ticket BILL-4821 closes.',
  'The nightly job runs at 02:30 UTC and must finish before 05:00 UTC, when the EU traffic peak starts.',
];

function paragraph(rng: Rng, fact: string): string {
  const before = rng.int(2, 4);
  const lines: string[] = [];
  for (let i = 0; i < before; i++) lines.push(rng.pick(FILLER));
  lines.push(fact);
  for (let i = 0; i < rng.int(1, 3); i++) lines.push(rng.pick(FILLER));
  return lines.join(' ');
}

export function proseWorkload(seed = 31): Workload {
  const rng = createRng(seed);
  const sections = FACTS.map((f, i) => `## ${i + 1}. Decision\n\n${paragraph(rng, f)}\n\n${paragraph(rng, rng.pick(FILLER))}`);
  const text = `# Billing platform: operating notes\n\n${sections.join('\n\n')}\n`;
  return {
    name: 'prose notes',
    question: 'What are the rules for retries, the fast path and deleting ledger rows?',
    outputs: [{ label: 'Read docs/operating-notes.md', text, toolName: 'Read', path: 'docs/operating-notes.md' }],
    // Single tokens the compressor promises to keep (a negation is checked by the prose compressor's own tests).
    gold: ['250', '`config/retry.yaml`', '`--unsafe-fast-path`', '`ledger_entries`', 'BILL-4821', '02:30', '05:00'],
    targetPct: 20,
  };
}
