/**
 * The portable half of `headroom evals --worker`: a workload as the Anthropic Messages request a coding agent sends
 * (the question, one assistant turn calling each tool, then one user turn carrying every output — the live zone the
 * gateway compresses), and the scoring of the body the upstream received, the same way `runScenario` scores
 * `compressText`: exact o200k tokens before/after counted here, and every gold fact looked for in what was sent.
 */
import { isObject } from '../providers/types.ts';
import { countTokens } from '../tokens/count.ts';
import type { PerfWorkload } from './corpus.ts';
import { factKept } from './gold.ts';
import { mbPerS, type PerfRow, whereIs, workloadBytes } from './run.ts';

const TOOL_ID = (i: number): string => `toolu_eval_${i}`;

/** Thrown when the upstream did not get a request of the shape we sent (the gateway dropped or reshaped it). */
export class WorkerEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerEvalError';
  }
}

export function workloadRequest(w: PerfWorkload): Record<string, unknown> {
  return {
    model: 'claude-headroom-eval',
    max_tokens: 1024,
    stream: false,
    messages: [
      { role: 'user', content: w.question },
      {
        role: 'assistant',
        content: w.outputs.map((o, i) => ({
          type: 'tool_use', id: TOOL_ID(i),
          // Every built-in output names its tool; a neutral name otherwise, since the Messages API requires one.
          name: o.toolName ?? 'run',
          input: { ...(o.command !== undefined ? { command: o.command } : {}), ...(o.path !== undefined ? { file_path: o.path } : {}) },
        })),
      },
      { role: 'user', content: w.outputs.map((o, i) => ({ type: 'tool_result', tool_use_id: TOOL_ID(i), content: o.text })) },
    ],
  };
}

/** The text of each tool result the upstream received, in the order of `w.outputs`. */
export function receivedOutputs(w: PerfWorkload, received: unknown): string[] {
  const messages = isObject(received) && Array.isArray(received.messages) ? received.messages : [];
  const byId = new Map<string, string>();
  for (const m of messages) {
    if (!isObject(m) || m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (!isObject(b) || b.type !== 'tool_result' || typeof b.tool_use_id !== 'string') continue;
      const c = b.content;
      const text = typeof c === 'string' ? c
        : Array.isArray(c) ? c.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('\n') : undefined;
      if (text !== undefined) byId.set(b.tool_use_id, text);
    }
  }
  return w.outputs.map((o, i) => {
    const t = byId.get(TOOL_ID(i));
    if (t === undefined) throw new WorkerEvalError(`${w.group}/${w.name}: the upstream received no tool result for "${o.label}"`);
    return t;
  });
}

/** A perf row for the workload from what the upstream received; `ms` is the gateway round trip. */
export function scoreReceived(w: PerfWorkload, received: unknown, ms: number): PerfRow {
  const texts = receivedOutputs(w, received);
  const tokensBefore = w.outputs.reduce((a, o) => a + countTokens(o.text), 0);
  const tokensAfter = texts.reduce((a, t) => a + countTokens(t), 0);
  const lost = w.gold.filter((g) => !texts.some((t) => factKept(t, g)));
  const bytes = workloadBytes(w);
  return {
    name: w.name, group: w.group, bytes, tokensBefore, tokensAfter,
    savedPct: tokensBefore ? (100 * (tokensBefore - tokensAfter)) / tokensBefore : 0, targetPct: w.targetPct,
    goldKept: w.gold.length - lost.length, goldTotal: w.gold.length, lost: lost.map((fact) => ({ fact, where: whereIs(w, fact) })),
    ms, mbPerS: mbPerS(bytes, ms), notes: [],
  };
}
