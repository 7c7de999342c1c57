/**
 * Per-row "this row carries information" scores for row selection: error-like values, structural outliers (rare keys,
 * rare values in low-cardinality fields, rare message templates), numeric anomalies and change points. Everything is
 * one or two linear passes per column (plus one sort per numeric column), so it scales to 100k-row arrays.
 */
import type { RowTable } from './select-rows.ts';

/** Score a row needs (from any mix of signals) to be kept ahead of evenly spaced rows. */
export const SIGNAL_THRESHOLD = 2.5;

const ERROR_SCORE = 10;
const WARN_SCORE = 5;
const ERROR_TEXT_SCORE = 6;
const RARE_VALUE_SCORE = 4;
const RARE_TEMPLATE_SCORE = 3;
const CHANGE_POINT_SCORE = 3;
const OUTLIER_SCORE = 3;

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LEVEL_KEY = /^(?:level|lvl|severity|log_?level|loglevel|priority|levelname)$/i;
const LEVEL_ERROR = /^"?(?:err|error|fatal|crit|critical|panic|alert|emerg|emergency|severe)"?$/i;
const LEVEL_WARN = /^"?(?:warn|warning)"?$/i;
const STATUS_KEY = /status|state|outcome|result|conclusion|health/i;
const CODE_KEY = /status|code/i;
const EXIT_KEY = /^(?:exit_?code|exitcode|exit_?status|return_?code|returncode|rc|exit)$/i;
const ERROR_KEY = /err|exception|fail|fault|panic|traceback|stack_?trace/i;
const OK_KEY = /^"?(?:ok|success|succeeded|successful|passed)"?$/i;
// Words that mark a value as describing a failure; `\b` keeps "terror" or "AssertionErrors" from matching by accident.
const ERROR_WORD =
  /\b(?:errors?|exception|fail|failed|failure|failing|fatal|panic|panicked|crash|crashed|traceback|timeout|timed out|denied|refused|unauthori[sz]ed|forbidden|oom|out of memory|segfault|killed|aborted|unreachable|unavailable|degraded|unhealthy)\b/i;
const EMPTY = /^(?:null|false|0|""|\[\]|\{\}|"0"|"none"|"null"|)$/i;

/** A JSON number (or a table cell holding one); the first-character test skips the regex for most strings. */
export function isNumberCell(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c !== 45 && (c < 48 || c > 57)) return false;
  // Plain integers and decimals (nearly every number cell) without the regex; anything else asks `NUMBER`.
  let i = c === 45 ? 1 : 0;
  const n = raw.length;
  const start = i;
  while (i < n && isDigit(raw.charCodeAt(i))) i++;
  if (i === start) return false;
  if (i === n) return true;
  if (raw.charCodeAt(i) === 46) {
    const frac = ++i;
    while (i < n && isDigit(raw.charCodeAt(i))) i++;
    if (i === frac) return false;
    if (i === n) return true;
  }
  return NUMBER.test(raw);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What a field's name says about how to read its values; computed once per column, not per cell. */
const enum KeyKind {
  Level,
  Exit,
  Code,
  Error,
  Status,
  Ok,
  Other,
}

function keyKind(key: string): KeyKind {
  if (LEVEL_KEY.test(key)) return KeyKind.Level;
  if (EXIT_KEY.test(key)) return KeyKind.Exit;
  if (ERROR_KEY.test(key)) return KeyKind.Error;
  if (OK_KEY.test(key)) return KeyKind.Ok;
  if (CODE_KEY.test(key)) return KeyKind.Code;
  if (STATUS_KEY.test(key)) return KeyKind.Status;
  return KeyKind.Other;
}

/** How error-like one cell is, given what its field name says. */
function cellErrorScore(kind: KeyKind, raw: string, numeric: boolean): number {
  switch (kind) {
    case KeyKind.Level:
      return LEVEL_ERROR.test(raw) ? ERROR_SCORE : LEVEL_WARN.test(raw) ? WARN_SCORE : 0;
    case KeyKind.Exit:
      return numeric && Number(raw) !== 0 ? ERROR_SCORE : 0;
    case KeyKind.Error:
      if (numeric) return Number(raw) > 0 ? WARN_SCORE : 0;
      return EMPTY.test(raw) ? 0 : ERROR_SCORE;
    case KeyKind.Ok:
      if (raw === 'false') return ERROR_SCORE;
      break;
    case KeyKind.Code:
    case KeyKind.Status:
      if (numeric) {
        const v = Number(raw);
        if (v >= 500 && v <= 599) return ERROR_SCORE;
        if (v >= 400 && v <= 499) return WARN_SCORE;
        return 0;
      }
      if (raw.length <= 2000 && ERROR_WORD.test(raw)) return ERROR_SCORE;
      return 0;
    case KeyKind.Other:
      break;
  }
  if (numeric || raw.length > 2000) return 0;
  return ERROR_WORD.test(raw) ? ERROR_TEXT_SCORE : 0;
}

const ABSENT = '\u0000absent';
const MEMO_SIZE = 256;

/** Adds every signal into `score` (one entry per row) and marks error rows; false when the deadline passed. */
export function scoreSignals(
  table: RowTable,
  score: Float64Array,
  isError: Uint8Array,
  timeUp: () => boolean,
): boolean {
  const n = table.rowCount;
  // A field is "low cardinality" when it has at most this many distinct values; within it, a value seen at most
  // `rare` times is an outlier (status "failed" among 1,000 "ok").
  const lowCard = Math.max(3, Math.min(64, Math.floor(n / 8)));
  const rare = Math.max(1, Math.floor(n * 0.02));
  const errScore = new Float64Array(n);
  const colErr = new Float64Array(n);
  for (const col of table.columns) {
    if (timeUp()) return false;
    const values = col.values;
    const kind = keyKind(col.name);
    const counts = new Map<string, number>();
    const memo = new Map<string, number>();
    let highCard = false;
    let numbers = 0;
    let present = 0;
    let strings = 0;
    let flagged = 0;
    for (let r = 0; r < n; r++) {
      const raw = values[r];
      let e = 0;
      if (raw !== undefined) {
        present++;
        const numeric = isNumberCell(raw);
        // Repeated strings (hosts, states) are looked up, not re-matched against the error-word regex.
        if (numeric) e = cellErrorScore(kind, raw, true);
        else {
          const known = memo.get(raw);
          if (known !== undefined) e = known;
          else {
            e = cellErrorScore(kind, raw, false);
            if (memo.size < MEMO_SIZE) memo.set(raw, e);
          }
        }
        if (e > 0) flagged++;
        if (numeric) numbers++;
        else strings++;
      }
      colErr[r] = e;
      if (!highCard) {
        const k = raw ?? ABSENT;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        if (counts.size > lowCard) highCard = true;
      }
    }
    if (!highCard && counts.size > 1) {
      rareValues(values, counts, rare, score);
      changePoints(values, score);
    } else if (highCard && strings > present / 2) {
      rareTemplates(values, n, lowCard, rare, score);
    }
    if (highCard && numbers >= 5 && numbers >= present * 0.9) numericOutliers(values, score);
    // A numeric error field that is non-zero in most rows is a measurement (`error_rate: 0.0012` on every metrics
    // point), not a flag: marking every row as an error would drown the real ones. Its spikes are numeric outliers.
    if (kind === KeyKind.Error && numbers > present / 2 && flagged > present / 2) continue;
    if (flagged > 0) for (let r = 0; r < n; r++) if (colErr[r]! > errScore[r]!) errScore[r] = colErr[r]!;
  }
  for (let r = 0; r < n; r++) {
    const e = errScore[r] ?? 0;
    score[r] = (score[r] ?? 0) + e;
    if (e >= WARN_SCORE) isError[r] = 1;
  }
  return true;
}

function rareValues(values: readonly (string | undefined)[], counts: Map<string, number>, rare: number, score: Float64Array) {
  let top = 0;
  for (const c of counts.values()) if (c > top) top = c;
  for (let r = 0; r < values.length; r++) {
    const c = counts.get(values[r] ?? ABSENT) ?? 0;
    // Rare in absolute terms and next to the usual value: not one of 60 equally common timestamps.
    if (c <= rare && c * 10 <= top) score[r] = (score[r] ?? 0) + RARE_VALUE_SCORE;
  }
}

/** Where a field switches from one lasting value to another (a deploy, a failover): the first row of the new run. */
function changePoints(values: readonly (string | undefined)[], score: Float64Array) {
  const n = values.length;
  const runStarts: number[] = [0];
  for (let r = 1; r < n; r++) if (values[r] !== values[r - 1]) runStarts.push(r);
  // Flapping fields (a value every other row) have no meaningful change point.
  if (runStarts.length - 1 > Math.max(2, Math.floor(n / 50))) return;
  for (let k = 1; k < runStarts.length; k++) {
    const start = runStarts[k]!;
    const prevLen = start - runStarts[k - 1]!;
    const len = (runStarts[k + 1] ?? n) - start;
    // Single-row blips are rare values, scored above; a change point starts a run that lasts.
    if (prevLen >= 2 && len >= 2) score[start] = (score[start] ?? 0) + CHANGE_POINT_SCORE;
  }
}

/** Free-text fields (messages, names) whose digit-masked template is rare: "checkpoint saved" among 1,000 pings. */
function rareTemplates(values: readonly (string | undefined)[], n: number, lowCard: number, rare: number, score: Float64Array) {
  const templates = new Float64Array(n).fill(-1);
  const counts = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    const raw = values[r];
    if (raw === undefined || raw.length > 300) continue;
    const t = templateHash(raw);
    templates[r] = t;
    counts.set(t, (counts.get(t) ?? 0) + 1);
    if (counts.size > lowCard) return;
  }
  if (counts.size < 2) return;
  let top = 0;
  for (const c of counts.values()) if (c > top) top = c;
  for (let r = 0; r < n; r++) {
    const t = templates[r]!;
    const c = t >= 0 ? (counts.get(t) ?? 0) : 0;
    if (c > 0 && c <= rare && c * 10 <= top) score[r] = (score[r] ?? 0) + RARE_TEMPLATE_SCORE;
  }
}

/**
 * A 52-bit hash of the text with each run of digits counted as one placeholder — the template of the value without
 * allocating the masked string (this runs on every cell of a message column).
 */
function templateHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let inDigits = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (inDigits) continue;
      inDigits = true;
      c = 35;
    } else inDigits = false;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

/** Robust z-score (median / MAD, Iglewicz–Hoaglin): > 3.5 is an outlier; the further out, the higher the score. */
function numericOutliers(values: readonly (string | undefined)[], score: Float64Array) {
  const n = values.length;
  const xs = new Float64Array(n);
  const rows = new Int32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const raw = values[r];
    if (raw !== undefined && isNumberCell(raw)) {
      const v = Number(raw);
      if (Number.isFinite(v)) {
        xs[m] = v;
        rows[m++] = r;
      }
    }
  }
  if (m === 0) return;
  const med = median(xs.slice(0, m));
  const dev = new Float64Array(m);
  let sum = 0;
  for (let k = 0; k < m; k++) {
    const d = Math.abs(xs[k]! - med);
    dev[k] = d;
    sum += d;
  }
  const mad = median(dev);
  // More than half the values equal the median: fall back to the mean absolute deviation.
  const scale = mad > 0 ? mad / 0.6745 : (sum / m) * 1.253314;
  if (!(scale > 0)) return;
  for (let k = 0; k < m; k++) {
    const z = Math.abs(xs[k]! - med) / scale;
    if (z > 3.5) {
      const r = rows[k]!;
      score[r] = (score[r] ?? 0) + OUTLIER_SCORE + Math.min(3, Math.log10(z / 3.5));
    }
  }
}

/** Median by selection (O(n), reorders `a`): two full sorts per numeric column were the cost of this pass. */
function median(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  const hi = select(a, mid);
  if (n % 2) return hi;
  // After selecting `mid`, everything left of it is <= a[mid]: the lower middle is their maximum.
  let lo = -Infinity;
  for (let k = 0; k < mid; k++) if (a[k]! > lo) lo = a[k]!;
  return (lo + hi) / 2;
}

/** Hoare quickselect with a median-of-three pivot: the k-th smallest value, `a` partitioned around it. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    const x = a[left]!;
    const y = a[mid]!;
    const z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}
