/**
 * Writes a parsed diff back with unchanged context trimmed to a few lines around each change. Every header and
 * every +/- line is copied verbatim; each cut is replaced by `[… N unchanged lines …]`, so the hunk header's line
 * numbers plus the stated counts still locate every line. Files chosen for summary (lockfiles, generated files,
 * enormous diffs) keep their headers and first changed lines, then one note with the file's totals.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import { type DiffFile, type Hunk, LineType, type ParsedDiff } from './parse.ts';

export interface TrimStats {
  cutContext: number;
  summarisedFiles: number;
  omittedChanges: number;
}

// Replacing one line by a one-line note gains nothing.
const MIN_CUT = 2;

/**
 * Appends the hunk with context trimmed; stops after `changeBudget` changed lines (when finite) and returns how many
 * changed lines it wrote.
 */
function trimHunk(h: Hunk, keep: number, changeBudget: number, out: string[], stats: TrimStats): number {
  out.push(h.header);
  const { lines, types } = h;
  const n = lines.length;
  let changes = 0;
  let i = 0;
  while (i < n) {
    if (types[i] !== LineType.Context) {
      if (types[i] !== LineType.Note) {
        // Past the budget, stop at the next block of changes; a block is cut inside only when it is itself huge,
        // so removals are not shown without the additions that replace them.
        const blockStart = i === 0 || types[i - 1] === LineType.Context;
        if (changes >= changeBudget && (blockStart || changes >= 2 * changeBudget)) return changes;
        changes++;
      }
      out.push(lines[i]!);
      i++;
      continue;
    }
    if (changes >= changeBudget) return changes; // a summarised file stops right after its last shown change
    let j = i;
    while (j < n && types[j] === LineType.Context) j++;
    const len = j - i;
    const leading = i === 0;
    const trailing = j === n;
    // A hunk of context only (should not happen) is kept whole: there is no change to anchor on.
    const head = leading ? (trailing ? len : 0) : Math.min(keep, len);
    const tail = trailing ? 0 : Math.min(keep, len - head);
    const cut = len - head - tail;
    if (cut >= MIN_CUT) {
      for (let k = i; k < i + head; k++) out.push(lines[k]!);
      out.push(elision(`${plural(cut, 'unchanged line')}`));
      for (let k = j - tail; k < j; k++) out.push(lines[k]!);
      stats.cutContext += cut;
    } else {
      for (let k = i; k < j; k++) out.push(lines[k]!);
    }
    i = j;
  }
  return changes;
}

function summaryNote(f: DiffFile, shown: number, why: string): string {
  const omitted = f.added + f.removed - shown;
  return elision(
    `${why}: ${formatCount(omitted)} more changed lines not shown; whole file +${formatCount(f.added)} -${formatCount(f.removed)} in ${plural(f.hunks, 'hunk')}`,
  );
}

export function renderDiff(
  parsed: ParsedDiff,
  keep: number,
  summarise: ReadonlyMap<number, string>,
  summaryChangedLines: number,
  deadline: () => boolean,
): { text: string; stats: TrimStats } | null {
  const out: string[] = [];
  const stats: TrimStats = { cutContext: 0, summarisedFiles: 0, omittedChanges: 0 };
  // Per summarised file: changed lines shown so far, and whether its note was written.
  const shown = new Map<number, number>();
  const noted = new Set<number>();
  let count = 0;
  for (const item of parsed.items) {
    if (item.kind === 'line') {
      out.push(item.text);
      continue;
    }
    if ((++count & 255) === 0 && deadline()) return null;
    const why = summarise.get(item.file);
    if (why === undefined) {
      trimHunk(item, keep, Infinity, out, stats);
      continue;
    }
    if (noted.has(item.file)) continue;
    const f = parsed.files[item.file]!;
    const before = shown.get(item.file) ?? 0;
    const wrote = trimHunk(item, keep, summaryChangedLines - before, out, stats);
    shown.set(item.file, before + wrote);
    if (before + wrote >= summaryChangedLines && before + wrote < f.added + f.removed) {
      out.push(summaryNote(f, before + wrote, why));
      noted.add(item.file);
      stats.summarisedFiles++;
      stats.omittedChanges += f.added + f.removed - before - wrote;
    }
  }
  return { text: out.join('\n'), stats };
}
