/**
 * Chooses which items (match lines, or paths of a path list) survive when a search result is too big, given groups
 * (files, or directories) in their original order. Priorities, in order, until the budget is spent:
 * coverage of the most relevant files plus an even spread of the others (first item of each), the best query
 * matches, the last item of each covered group, first items of further groups, then even spacing inside groups.
 */
import { scoreDocuments, topMatches } from '../relevance/bm25.ts';
import { type Query, splitWords } from '../relevance/query.ts';

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

export interface Relevance {
  /** BM25 (plus exact-literal bonus) per item; 0 for items that mention nothing of the question. */
  itemScores: Float64Array[];
  /** Best item score of each group plus its label's own score. */
  groupScores: number[];
  /** Per item in input order across groups, bit k set when it contains the question's k-th exact literal (≤ 31). */
  exactMasks: Int32Array;
  /** How many items contain each exact literal. */
  exactCounts: number[];
}

/**
 * Scores only items that mention a query word or literal (the rest cannot score). When there are very many, a cheap
 * pre-rank (how many distinct literals and words an item contains) keeps the best MAX_SCORED for BM25, which is
 * too slow to run over 10 MB.
 */
export function relevance(groups: readonly SelectGroup[], query: Query, withLabel = false): Relevance {
  const itemScores = groups.map((g) => new Float64Array(g.items.length));
  const groupScores = new Array<number>(groups.length).fill(0);
  const exact = query.exact;
  let total = 0;
  if (exact.length > 0) for (const g of groups) total += g.items.length;
  const exactMasks = new Int32Array(total);
  const exactCounts = new Array<number>(exact.length).fill(0);
  if (query.terms.length === 0 && exact.length === 0) return { itemScores, groupScores, exactMasks, exactCounts };
  let docs: string[] = [];
  let where: number[] = [];
  const cheap: number[] = [];
  const countWords = wordCounter(query);
  for (let g = 0, flat = 0; g < groups.length; g++) {
    const items = groups[g]!.items;
    for (let i = 0; i < items.length; i++, flat++) {
      const text = items[i]!;
      let hits = 0;
      let mask = 0;
      // Weighted like BM25's exact bonus, so the pre-rank agrees with the final ranking.
      for (let k = 0; k < exact.length; k++) {
        if (!text.includes(exact[k]!)) continue;
        hits += 5;
        exactCounts[k]!++;
        if (k < 31) mask |= 1 << k;
      }
      if (mask !== 0) exactMasks[flat] = mask;
      hits += countWords(text);
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
  // A question naming a file's place (`the server`, `the billing worker`) makes that file's matches more relevant
  // than the same line elsewhere: the path joins the text, where a word rare among the paths weighs the most.
  // Only the path's question words and literals join (the rest cannot score), which keeps BM25 from re-splitting
  // every path.
  if (withLabel) {
    const keys = new Map<number, string>();
    for (let d = 0; d < docs.length; d++) {
      const g = where[2 * d]!;
      let key = keys.get(g);
      if (key === undefined) keys.set(g, (key = labelKey(groups[g]!.label, query)));
      if (key !== '') docs[d] = `${key}\n${docs[d]!}`;
    }
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
  return { itemScores, groupScores, exactMasks, exactCounts };
}

/** The words of `label` that are question words, and the question's literals it contains, space-separated. */
function labelKey(label: string, query: Query): string {
  const out: string[] = [];
  const terms = new Set(query.terms);
  for (const w of splitWords(label)) if (terms.has(w)) out.push(w);
  for (const e of query.exact) if (label.includes(e)) out.push(e);
  return out.join(' ');
}

/**
 * Counts how many distinct query words a text contains. One case-insensitive regex per word: about twice as fast as
 * lower-casing every line first, and it allocates nothing per line.
 */
function wordCounter(query: Query): (text: string) => number {
  const res = query.terms.map((t) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  return (text) => {
    let n = 0;
    for (const re of res) if (re.test(text)) n++;
    return n;
  };
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

/** Even spacing inside covered groups: `budget` items shared in proportion to what each still hides. */
export function spreadWithin(
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
