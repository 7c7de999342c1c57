/**
 * An honest one-line account of the rows a selection dropped: per field, the range of numbers, the counts of a few
 * categorical values, or how many distinct values there were. Only values that occur in the dropped rows are shown,
 * and never paired with each other, so the summary cannot suggest a row that did not exist.
 */
import { formatCount } from '../../ccr/marker.ts';
import { isNumberCell } from './row-signals.ts';
import type { RowTable } from './select-rows.ts';

export interface SummaryOptions {
  /** How a raw cell is shown, e.g. JSON strings without their quotes when that stays unambiguous. */
  readonly display?: (raw: string) => string;
  /** Fields summarised at most (the widest tables would otherwise get a paragraph). */
  readonly maxFields?: number;
}

const MAX_CATEGORIES = 4;
const MAX_VALUE_CHARS = 40;
const MAX_DISTINCT = 1000;
// ISO-like dates sort as text, so their min–max is a real range.
const DATE_LIKE = /^"?\d{4}-\d{2}-\d{2}/;

/** `seq: 1–28; level: INFO ×22; status: ok ×21, retry ×1; msg: 22 distinct` — or '' when nothing useful. */
export function summarizeDropped(table: RowTable, keep: readonly number[], opts: SummaryOptions = {}): string {
  const show = opts.display ?? ((raw: string) => raw);
  const maxFields = opts.maxFields ?? 10;
  const kept = new Uint8Array(table.rowCount);
  for (const r of keep) kept[r] = 1;
  const parts: string[] = [];
  for (const col of table.columns) {
    if (parts.length >= maxFields) break;
    const values = col.values;
    const counts = new Map<string, number>();
    let present = 0;
    let absent = 0;
    let allNumbers = true;
    let allDates = true;
    let min: string | undefined;
    let max: string | undefined;
    let minV = Infinity;
    let maxV = -Infinity;
    for (let r = 0; r < table.rowCount; r++) {
      if (kept[r]) continue;
      const raw = values[r];
      if (raw === undefined) {
        absent++;
        continue;
      }
      present++;
      if (counts.size <= MAX_CATEGORIES) counts.set(raw, (counts.get(raw) ?? 0) + 1);
      if (!allNumbers && !allDates) {
        // Neither a range nor (once past the category limit) counts can be shown: only the distinct count is left,
        // which a second pass computes; nothing more to learn here.
        if (counts.size > MAX_CATEGORIES) break;
        continue;
      }
      if (allNumbers && isNumberCell(raw)) {
        const v = Number(raw);
        if (v < minV) {
          minV = v;
          min = raw;
        }
        if (v > maxV) {
          maxV = v;
          max = raw;
        }
      } else allNumbers = false;
      if (allDates && raw.length >= 10 && DATE_LIKE.test(raw)) {
        if (min === undefined || raw < min) min = raw;
        if (max === undefined || raw > max) max = raw;
      } else allDates = false;
    }
    if (present === 0) continue;
    // The loop may have stopped early (free text): count presence and absence over every dropped row.
    if (counts.size > MAX_CATEGORIES && !allNumbers && !allDates) [present, absent] = presence(values, kept, table.rowCount);
    let text: string;
    if (counts.size <= MAX_CATEGORIES) {
      const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      text = entries.map(([v, c]) => `${clip(show(v))} ×${formatCount(c)}`).join(', ');
    } else if ((allNumbers || allDates) && min !== undefined && max !== undefined) {
      text = `${clip(show(min))}–${clip(show(max))}`;
    } else {
      const d = distinctValues(values, kept, table.rowCount);
      text = `${d >= MAX_DISTINCT ? '≥' : ''}${formatCount(d)} distinct values`;
    }
    if (absent > 0) text += ` (absent ×${formatCount(absent)})`;
    parts.push(`${col.name}: ${text}`);
  }
  return parts.join('; ');
}

/** How many different values the dropped rows hold, up to `MAX_DISTINCT`. */
function distinctValues(values: readonly (string | undefined)[], kept: Uint8Array, n: number): number {
  const distinct = new Set<string>();
  for (let r = 0; r < n && distinct.size < MAX_DISTINCT; r++) {
    const raw = values[r];
    if (!kept[r] && raw !== undefined) distinct.add(raw);
  }
  return distinct.size;
}

function presence(values: readonly (string | undefined)[], kept: Uint8Array, n: number): [number, number] {
  let present = 0;
  let absent = 0;
  for (let r = 0; r < n; r++) {
    if (kept[r]) continue;
    if (values[r] === undefined) absent++;
    else present++;
  }
  return [present, absent];
}

function clip(s: string): string {
  return s.length <= MAX_VALUE_CHARS ? s : `${s.slice(0, MAX_VALUE_CHARS - 1)}…`;
}
