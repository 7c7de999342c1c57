/**
 * Chooses which items (match lines, or paths of a path list) survive when a search result is too big, given groups
 * (files, or directories) in their original order. Priorities, in order, until the budget is spent:
 * coverage of the most relevant files plus an even spread of the others (first item of each), the best query
 * matches, the last item of each covered group, first items of further groups, then even spacing inside groups.
 */
import { scoreDocuments, topMatches } from '../relevance/bm25.ts';
import type { Query } from '../relevance/query.ts';

export interface SelectGroup {
  /** Group label for relevance (file path or directory). */
  readonly label: string;
  /** Item texts (match line contents, or file names). */
  readonly items: readonly string[];
}

/** One boolean array per group: which items to keep. Groups with no kept item are omitted by the caller. */
export type Selection = Uint8Array[];

/** Indices 0..n-1 in an order whose every prefix is spread evenly: ends first, then midpoints, breadth first. */
export function spreadOrder(n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [0];
  const out = [0, n - 1];
  let intervals: [number, number][] = [[0, n - 1]];
  while (intervals.length > 0) {
    const next: [number, number][] = [];
    for (const [lo, hi] of intervals) {
      if (hi - lo < 2) continue;
      const mid = lo + ((hi - lo) >> 1);
      out.push(mid);
      next.push([lo, mid], [mid, hi]);
    }
    intervals = next;
  }
  return out;
}

// BM25 ranks at most this many candidates; the selection only ever takes a few dozen of them.
const MAX_SCORED = 2000;

/**
 * Scores only items that mention a query word or literal (the rest cannot score). When there are very many, a cheap
 * pre-rank (how many distinct literals and words an item contains) keeps the best MAX_SCORED for BM25, which is
 * too slow to run over 10 MB.
 */
function relevance(groups: readonly SelectGroup[], query: Query): { itemScores: Float64Array[]; groupScores: number[] } {
  const itemScores = groups.map((g) => new Float64Array(g.items.length));
  const groupScores = new Array<number>(groups.length).fill(0);
  if (query.terms.length === 0 && query.exact.length === 0) return { itemScores, groupScores };
  let docs: string[] = [];
  let where: number[] = [];
  const cheap: number[] = [];
  for (let g = 0; g < groups.length; g++) {
    const items = groups[g]!.items;
    for (let i = 0; i < items.length; i++) {
      const text = items[i]!;
      const hits = mentions(text, query);
      if (hits > 0) {
        docs.push(text);
        where.push(g, i);
        cheap.push(hits);
      }
    }
  }
  if (docs.length > MAX_SCORED) {
    const best = topMatches(cheap, MAX_SCORED).sort((a, b) => a - b);
    docs = best.map((d) => docs[d]!);
    where = best.flatMap((d) => [where[2 * d]!, where[2 * d + 1]!]);
  }
  const scores = scoreDocuments(docs, query);
  for (let d = 0; d < docs.length; d++) {
    const g = where[2 * d]!;
    const i = where[2 * d + 1]!;
    itemScores[g]![i] = scores[d]!;
    if (scores[d]! > groupScores[g]!) groupScores[g] = scores[d]!;
  }
  const labelScores = scoreDocuments(
    groups.map((g) => g.label),
    query,
  );
  for (let g = 0; g < groups.length; g++) groupScores[g]! += labelScores[g]!;
  return { itemScores, groupScores };
}

/** How many distinct query literals (weighted like BM25's exact bonus) and words the text contains. */
function mentions(text: string, query: Query): number {
  let n = 0;
  for (const e of query.exact) if (text.includes(e)) n += 5;
  if (query.terms.length === 0) return n;
  const lower = text.toLowerCase();
  for (const t of query.terms) if (lower.includes(t)) n++;
  return n;
}

export function selectItems(groups: readonly SelectGroup[], query: Query, budget: number): Selection {
  const picked = groups.map((g) => new Uint8Array(g.items.length));
  const covered = new Uint8Array(groups.length);
  let left = budget;
  let nCovered = 0;
  const take = (g: number, i: number): void => {
    const p = picked[g]!;
    if (left <= 0 || p[i] === 1) return;
    p[i] = 1;
    if (covered[g] === 0) nCovered++;
    covered[g] = 1;
    left--;
  };
  const { itemScores, groupScores } = relevance(groups, query);
  const n = groups.length;
  const coverSlots = Math.min(n, Math.max(1, Math.ceil(budget * 0.4)));

  // 1. Coverage: relevant groups first (best first), then an even spread of the rest.
  const relevantGroups = topMatches(groupScores, Math.ceil(coverSlots / 2));
  for (const g of relevantGroups) take(g, firstRelevant(itemScores[g]!));
  const spread = spreadOrder(n);
  let s = 0;
  for (; s < spread.length && nCovered < coverSlots; s++) take(spread[s]!, 0);

  // 2. The best query matches anywhere.
  const flat: number[] = [];
  const flatWhere: number[] = [];
  for (let g = 0; g < n; g++) {
    const sc = itemScores[g]!;
    for (let i = 0; i < sc.length; i++) {
      if (sc[i]! > 0) {
        flat.push(sc[i]!);
        flatWhere.push(g, i);
      }
    }
  }
  for (const d of topMatches(flat, Math.ceil(budget * 0.4))) take(flatWhere[2 * d]!, flatWhere[2 * d + 1]!);

  // 3. Last item of every covered group, so each shown file says where its matches end.
  for (let g = 0; g < n; g++) if (covered[g] === 1) take(g, groups[g]!.items.length - 1);

  // 4. More groups, first items, continuing the even spread.
  for (; s < spread.length && left > 0; s++) take(spread[s]!, 0);

  // 5. Even spacing inside covered groups, shared in proportion to what each still hides.
  if (left > 0) spreadWithin(groups, picked, covered, left, take);
  return picked;
}

function firstRelevant(scores: Float64Array): number {
  for (let i = 0; i < scores.length; i++) if (scores[i]! > 0) return i;
  return 0;
}

function spreadWithin(
  groups: readonly SelectGroup[],
  picked: Uint8Array[],
  covered: Uint8Array,
  budget: number,
  take: (g: number, i: number) => void,
): void {
  const hidden: number[] = [];
  let total = 0;
  for (let g = 0; g < groups.length; g++) {
    let h = 0;
    if (covered[g] === 1) for (const v of picked[g]!) h += v === 0 ? 1 : 0;
    hidden.push(h);
    total += h;
  }
  if (total === 0) return;
  // Largest-remainder shares; ties go to the earlier group so the result is deterministic.
  const quota = hidden.map((h) => Math.floor((budget * h) / total));
  let rest = budget - quota.reduce((a, b) => a + b, 0);
  const order = hidden.map((_, g) => g).filter((g) => hidden[g]! > quota[g]!);
  const frac = (g: number) => (budget * hidden[g]!) / total - quota[g]!;
  order.sort((a, b) => frac(b) - frac(a) || a - b);
  for (const g of order) {
    if (rest <= 0) break;
    quota[g]!++;
    rest--;
  }
  for (let g = 0; g < groups.length; g++) {
    const q = Math.min(quota[g]!, hidden[g]!);
    if (q <= 0) continue;
    const free: number[] = [];
    const p = picked[g]!;
    for (let i = 0; i < p.length; i++) if (p[i] === 0) free.push(i);
    for (let k = 0; k < q; k++) take(g, free[Math.floor(((k + 0.5) * free.length) / q)]!);
  }
}
