/**
 * Section 3: single-core throughput of compressText on generated JSON, logs and grep output at ~1 MB and ~10 MB,
 * the request path (countTokens: false) and exact counting side by side with a trivial baseline timed in the same
 * run (JSON.parse+stringify; split/join of lines), so a noisy machine shows up in the baseline too. Plus p50 latency
 * for a ~100k-token output of each kind.
 */
import { compressText, type CompressTextOptions } from '../src/index.ts';
import { countTokens } from '../src/tokens/count.ts';
import { type SectionResult, type Table, fixed, median, num, progress } from './report.ts';
import { grepLines } from '../src/perf/workloads/code-search.ts';
import { metricsJson, serviceLog } from '../src/perf/workloads/sre-incident.ts';

interface Kind {
  name: 'json' | 'log' | 'search';
  /** Generator for about `bytes` of input. */
  make(bytes: number): string;
  opts: CompressTextOptions;
  baseline(text: string): unknown;
  baselineName: string;
}

const lines = (t: string): unknown => t.split('\n').join('\n');

// Bytes per unit measured on a small sample, so each generator can be asked for a size.
function sized(bytes: number, sample: (n: number) => string, make: (n: number) => string): string {
  const per = sample(200).length / 200;
  return make(Math.max(1, Math.round(bytes / per)));
}

const KINDS: Kind[] = [
  { name: 'json', make: (b) => sized(b, (n) => metricsJson(11, n, -1), (n) => metricsJson(11, n, -1)),
    opts: { query: 'which host had the highest p99 latency?', toolName: 'Bash', command: 'curl -s https://metrics.internal/api/v1/series' },
    baseline: (t) => JSON.stringify(JSON.parse(t)), baselineName: 'JSON.parse+stringify' },
  { name: 'log', make: (b) => sized(b, (n) => serviceLog(12, { lines: n, errorAt: -1 }).text, (n) => serviceLog(12, { lines: n, errorAt: n >> 1 }).text),
    opts: { query: 'what error happened?', toolName: 'Bash', command: 'kubectl logs deploy/checkout-api' },
    baseline: lines, baselineName: 'split+join lines' },
  { name: 'search', make: (b) => sized(b, (n) => grepLines(13, n), (n) => grepLines(13, n)),
    opts: { query: 'where is SessionStore defined?', toolName: 'Bash', command: 'grep -rn SessionStore .' },
    baseline: lines, baselineName: 'split+join lines' },
];

async function time(fn: () => unknown, runs: number): Promise<number> {
  await fn(); // warm-up: JIT, lazy tables, first-use allocations
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

export async function runThroughput({ quick = false } = {}): Promise<SectionResult> {
  const sizes = [1e6, 1e7];
  const rows: Array<Record<string, number | string>> = [];
  for (const k of KINDS) {
    for (const size of sizes) {
      const text = k.make(size);
      const runs = size >= 1e7 ? (quick ? 3 : 5) : quick ? 5 : 9;
      progress(`throughput: ${k.name} ${fixed(text.length / 1e6, 1)} MB × ${runs} runs`);
      const base = await time(() => k.baseline(text), runs);
      const res = await compressText(text, { ...k.opts, countTokens: false });
      const fast = await time(() => compressText(text, { ...k.opts, countTokens: false }), runs);
      const exact = await time(() => compressText(text, k.opts), size >= 1e7 ? Math.min(runs, 3) : runs);
      const d = res.decisions[0];
      rows.push({ kind: k.name, mb: text.length / 1e6, fastMs: fast, exactMs: exact, baseMs: base, baseline: k.baselineName,
        outcome: `${res.kind}:${d?.compressor ?? '-'}:${d?.outcome ?? '?'}`, savedPct: 100 * (1 - res.text.length / text.length) });
    }
  }
  const p50: Array<Record<string, number | string>> = [];
  for (const k of KINDS) {
    // ~100k tokens: bytes per token differ by kind (numbers in JSON tokenise densely), so rescale from a first try.
    const probe = k.make(400_000);
    const text = k.make(Math.round((probe.length * 100_000) / countTokens(probe)));
    const tokens = countTokens(text);
    progress(`latency: ${k.name} ${num(tokens)} tokens`);
    const fast = await time(() => compressText(text, { ...k.opts, countTokens: false }), quick ? 7 : 15);
    const exact = await time(() => compressText(text, k.opts), quick ? 5 : 9);
    p50.push({ kind: k.name, kb: text.length / 1000, tokens, fastMs: fast, exactMs: exact });
  }
  const tables: Table[] = [
    {
      title: 'Throughput, one core (median of runs after a warm-up)',
      headers: ['kind', 'MB', 'fast MB/s', 'exact MB/s', 'baseline MB/s', 'fast ÷ baseline time', 'bytes saved', 'decision'],
      rows: rows.map((r) => [String(r.kind), fixed(r.mb as number, 1), fixed(mbps(r.mb as number * 1e6, r.fastMs as number)),
        fixed(mbps(r.mb as number * 1e6, r.exactMs as number)), `${fixed(mbps(r.mb as number * 1e6, r.baseMs as number))} (${r.baseline})`,
        `${fixed((r.fastMs as number) / (r.baseMs as number))}×`, `${fixed(r.savedPct as number)}%`, String(r.outcome)]),
      notes: ['fast = compressText({ countTokens: false }) (request path); exact = with o200k counting of input and output.',
        'target: ≥ 50 MB/s (fast) at 1 MB and 10 MB'],
    },
    {
      title: 'Latency for a ~100k-token tool output (p50)',
      headers: ['kind', 'KB', 'tokens', 'p50 ms (fast)', 'p50 ms (exact)'],
      rows: p50.map((r) => [String(r.kind), fixed(r.kb as number, 0), num(r.tokens as number), fixed(r.fastMs as number), fixed(r.exactMs as number)]),
      notes: ['target: p50 ≤ 20 ms (fast)'],
    },
  ];
  return { name: 'throughput', tables, data: { throughput: rows, latency: p50 }, failures: [] };
}
