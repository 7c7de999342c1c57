/**
 * Runs one scenario (tool outputs + question + gold facts) through `compressText` and scores it: exact o200k tokens
 * before/after counted here (independent of the engine's own figures), gold facts kept, and wall time.
 */
import { compressText } from '../compress/compress-text.ts';
import { countTokens } from '../tokens/count.ts';
import { factKept } from './gold.ts';
import type { ToolOutput } from './workloads/types.ts';

export interface OutputResult {
  label: string;
  kind: string;
  tokensBefore: number;
  tokensAfter: number;
  lossy: boolean;
  decision: string;
}

export interface ScenarioResult {
  name: string;
  tokensBefore: number;
  tokensAfter: number;
  savedPct: number;
  targetPct?: number;
  headroomPct?: number;
  goldKept: number;
  goldTotal: number;
  lost: string[];
  /** Wall time of the request-path call (countTokens: false), summed over outputs. */
  ms: number;
  outputs: OutputResult[];
}

export interface ScenarioInput {
  name: string;
  question: string;
  outputs: ToolOutput[];
  gold: string[];
  targetPct?: number;
  headroomPct?: number;
}

export const pct = (before: number, after: number): number => (before === 0 ? 0 : (100 * (before - after)) / before);

export interface RunScenarioOptions {
  /** Where notes go (e.g. "output differs with countTokens:false"); the bench prints them, perf collects them. */
  note?: (msg: string) => void;
}

export async function runScenario(s: ScenarioInput, opts: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const raw = s.outputs.map((o) => o.text).join('\n');
  const absent = s.gold.filter((g) => !raw.includes(g));
  // A gold fact missing from the input is a bug in the scenario, not a compression result.
  if (absent.length) throw new Error(`perf: scenario "${s.name}" has gold facts not in its input: ${absent.join(' | ')}`);

  const outputs: OutputResult[] = [];
  const texts: string[] = [];
  let ms = 0;
  for (const o of s.outputs) {
    const call = { query: s.question, toolName: o.toolName, command: o.command, path: o.path, kind: o.kind };
    const res = await compressText(o.text, call);
    // Timed second, so the figure is a warm request-path call (the first call also pays for JIT and lazy tables).
    const t0 = performance.now();
    const fast = await compressText(o.text, { ...call, countTokens: false });
    ms += performance.now() - t0;
    // Counting mode should only change the reported figures; a different output (e.g. a size gate decided on the
    // chars/4 estimate) is reported, and the exact-mode output is what gets scored.
    if (res.text !== fast.text) {
      const outcomes = (r: typeof res): string => r.decisions.map((d) => d.outcome).join(',');
      opts.note?.(`note: ${s.name} / ${o.label}: output differs with countTokens:false (${outcomes(fast)} vs ${outcomes(res)})`);
    }
    texts.push(res.text);
    const d = res.decisions.map((x) => `${x.kind}:${x.compressor ?? '-'}:${x.outcome}${x.reason && x.outcome !== 'applied' ? ` (${x.reason})` : ''}`);
    outputs.push({ label: o.label, kind: res.kind, tokensBefore: countTokens(o.text), tokensAfter: countTokens(res.text),
      lossy: res.lossy, decision: d.join(', ') });
  }
  const lost = s.gold.filter((g) => !texts.some((t) => factKept(t, g)));
  const tokensBefore = outputs.reduce((a, o) => a + o.tokensBefore, 0);
  const tokensAfter = outputs.reduce((a, o) => a + o.tokensAfter, 0);
  return {
    name: s.name, tokensBefore, tokensAfter, savedPct: pct(tokensBefore, tokensAfter), targetPct: s.targetPct,
    headroomPct: s.headroomPct, goldKept: s.gold.length - lost.length, goldTotal: s.gold.length, lost, ms, outputs,
  };
}
