/**
 * Which ordinary lines (no error, warning, summary or test result) represent the rest: the first line of every
 * template, and the first and last line of every run of a template (lines of one template no more than `runGap`
 * lines apart, so interleaved chatter still forms runs). Over budget, first-of-template lines win, then the run
 * boundaries, each group thinned evenly over the output.
 */
import { ORDINARY } from './classify.ts';

const FIRST = 0;
const RUN_START = 1;
const RUN_END = 2;

export interface TemplateOptions {
  runGap: number;
  budget: number;
}

export function sampleTemplates(
  keys: Float64Array,
  cls: Uint8Array,
  keep: Uint8Array,
  veto: Uint8Array,
  opts: TemplateOptions,
): number[] {
  const n = keys.length;
  const priority = new Int8Array(n).fill(-1);
  const propose = (line: number, p: number) => {
    if (!keep[line] && (priority[line] === -1 || p < priority[line]!)) priority[line] = p;
  };
  const last = new Map<number, number>();
  const runStart = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (cls[i] !== ORDINARY || veto[i]) continue;
    const k = keys[i]!;
    const prev = last.get(k);
    if (prev === undefined) {
      propose(i, FIRST);
      runStart.set(k, i);
    } else if (i - prev > opts.runGap) {
      if (prev !== runStart.get(k)) propose(prev, RUN_END);
      propose(i, RUN_START);
      runStart.set(k, i);
    }
    last.set(k, i);
  }
  for (const [k, prev] of last) if (prev !== runStart.get(k)) propose(prev, RUN_END);

  const groups: number[][] = [[], [], []];
  for (let i = 0; i < n; i++) if (priority[i]! >= 0) groups[priority[i]!]!.push(i);
  const chosen: number[] = [];
  let room = opts.budget;
  for (const g of groups) {
    if (room <= 0) break;
    if (g.length <= room) {
      chosen.push(...g);
      room -= g.length;
    } else {
      chosen.push(...evenly(g, room));
      room = 0;
    }
  }
  return chosen;
}

/** `k` items spread evenly over `items`, always including the first and (for k > 1) the last. */
export function evenly<T>(items: readonly T[], k: number): T[] {
  if (k <= 0) return [];
  if (k === 1) return items.length > 0 ? [items[0]!] : [];
  const out: T[] = [];
  const step = (items.length - 1) / (k - 1);
  for (let j = 0; j < k; j++) out.push(items[Math.round(j * step)]!);
  return out;
}
