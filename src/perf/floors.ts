/**
 * The recorded savings floors (floors.json, committed): a workload whose % saved drops below its floor fails
 * `headroom evals`, in-process and on the Worker, so a compressor that silently stops working is caught in CI even
 * when no gold fact is lost. A workload without a floor fails too: new workloads get one when they are added.
 */
import recorded from './floors.json' with { type: 'json' };

export type Floors = Readonly<Record<string, number>>;

export const FLOORS: Floors = recorded.floors;

/** The key of a workload in floors.json. */
export const floorKey = (r: { group: string; name: string }): string => `${r.group}/${r.name}`;

export interface FloorMiss {
  name: string;
  savedPct: number;
  /** undefined: no floor recorded for this workload. */
  floor: number | undefined;
}

/** Rows below their floor, or with none recorded. File workloads (`perf --file`) have no floor and are not checked. */
export function floorMisses(rows: ReadonlyArray<{ group: string; name: string; savedPct: number }>, floors: Floors = FLOORS): FloorMiss[] {
  const out: FloorMiss[] = [];
  for (const r of rows) {
    if (r.group === 'file') continue;
    const floor = floors[floorKey(r)];
    if (floor === undefined || r.savedPct < floor) out.push({ name: floorKey(r), savedPct: r.savedPct, floor });
  }
  return out;
}

export function describeMiss(m: FloorMiss): string {
  return m.floor === undefined
    ? `NO FLOOR for ${m.name} (${m.savedPct.toFixed(1)}% saved): record one in src/perf/floors.json`
    : `BELOW FLOOR in ${m.name}: ${m.savedPct.toFixed(1)}% saved < ${m.floor}% (src/perf/floors.json)`;
}
