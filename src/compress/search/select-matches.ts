/**
 * Chooses the match lines of a big grep/rg result that survive, against a token budget rather than a count: an agent
 * needs the hits that answer its question plus a map of where the rest are, and every other hit is one retrieval
 * away. First every match quoting a selective literal of the question (capped); then, while the budget lasts: the
 * matches that stand out for the question (best first), the first relevant match of the most relevant files,
 * context lines around the very best matches, an even spread of the other files (first match each), the last match
 * of each shown file, and even spacing inside shown files. Without a question only the spread applies.
 */
import { topMatches } from '../relevance/bm25.ts';
import type { Query } from '../relevance/query.ts';
import { relevance, type SelectGroup, spreadOrder, spreadWithin } from './select.ts';

export interface MatchGroup extends SelectGroup {
  /** Estimated tokens of each match line as rendered (`12:text`). */
  readonly costs: readonly number[];
  /** Estimated tokens of the context lines that would be shown around each match (0 when it has none). */
  readonly contextCosts: readonly number[];
  /** Estimated tokens of the file's heading plus the blank line before it. */
  readonly headingCost: number;
  /** Each match line's own text, to tell repeated lines apart from new ones. */
  readonly lines: readonly string[];
}

export interface MatchBudget {
  /** Estimated tokens the kept lines, headings and per-file notes may take. */
  readonly tokens: number;
  /** Hard cap on kept matches whatever the budget. */
  readonly maxMatches: number;
  /** How many of the best query matches keep their context lines. */
  readonly contextMatches: number;
}

/** Per file, per match: 0 dropped, KEEP, or KEEP_CONTEXT (kept with its context lines). */
export type MatchSelection = Uint8Array[];
export const KEEP = 1;
export const KEEP_CONTEXT = 2;

// What a `[… 12 more matches …]` note costs; most kept matches open or close one gap.
const NOTE_COST = 7;
// Shares of the budget the question-driven tiers may fill before the spread gets its turn.
const RELEVANT_SHARE = 0.5;
const RELEVANT_FILES_SHARE = 0.75;
// A question's literal contained in at most one match in this many singles those matches out.
const SELECTIVE = 4;

/**
 * The (file, match) pairs that pass `keep` (given file, match and position across files), flattened as
 * [g0, i0, g1, i1, …], best score first, ties in input order. Callers keep only a few thousand, so the sort is small.
 */
function collect(scores: readonly Float64Array[], keep: (g: number, i: number, d: number) => boolean): number[] {
  const order: number[] = [];
  const pairs: number[] = [];
  for (let g = 0, d = 0; g < scores.length; g++) {
    const sc = scores[g]!;
    for (let i = 0; i < sc.length; i++, d++) {
      if (!keep(g, i, d)) continue;
      order.push(order.length);
      pairs.push(g, i);
    }
  }
  const score = (k: number) => scores[pairs[2 * k]!]![pairs[2 * k + 1]!]!;
  order.sort((a, b) => score(b) - score(a) || a - b);
  const out: number[] = [];
  for (const k of order) out.push(pairs[2 * k]!, pairs[2 * k + 1]!);
  return out;
}

// Questions about where something is made ("where is the client created?") are answered by `new Client(`; BM25
// cannot know that, so such a question also looks for the word `new`.
const CREATION = new Set(['construct', 'constructs', 'constructed', 'construction', 'create', 'creates', 'created',
  'creation', 'instantiate', 'instantiates', 'instantiated', 'instantiation']);

function withCreation(query: Query): Query {
  if (query.terms.includes('new') || !query.terms.some((t) => CREATION.has(t))) return query;
  return { ...query, terms: [...query.terms, 'new'] };
}

export function selectMatches(groups: readonly MatchGroup[], asked: Query, budget: MatchBudget): MatchSelection {
  const query = withCreation(asked);
  const n = groups.length;
  const picked = groups.map((g) => new Uint8Array(g.items.length));
  const covered = new Uint8Array(n);
  let spent = 0;
  let kept = 0;
  const costOf = (g: number, i: number): number =>
    groups[g]!.costs[i]! + NOTE_COST + (covered[g] === 1 ? 0 : groups[g]!.headingCost);
  /** Keeps match i of file g if it fits under `limit` tokens (or unconditionally when forced). */
  const take = (g: number, i: number, limit: number, force = false): boolean => {
    const p = picked[g]!;
    if (p[i] !== 0) return true;
    if (kept >= budget.maxMatches) return false;
    const cost = costOf(g, i);
    if (!force && spent + cost > limit) return false;
    p[i] = KEEP;
    covered[g] = 1;
    spent += cost;
    kept++;
    return true;
  };

  const { itemScores, groupScores, exactMasks, exactCounts } = relevance(groups, query, true);
  let total = 0;
  for (const g of groups) total += g.items.length;
  // 1. Every match quoting a literal of the question (an id, a dotted name, a quoted string) that only some matches
  // contain, whatever the budget: they are what was asked about. Literals most matches contain are the pattern.
  let selective = 0;
  for (let k = 0; k < exactCounts.length && k < 31; k++) {
    if (exactCounts[k]! > 0 && exactCounts[k]! * SELECTIVE <= total) selective |= 1 << k;
  }
  if (selective !== 0) {
    const quoting = collect(itemScores, (g, i, d) => (exactMasks[d]! & selective) !== 0);
    const cap = Math.min(quoting.length >> 1, Math.ceil(budget.maxMatches / 3));
    for (let k = 0; k < cap; k++) take(quoting[2 * k]!, quoting[2 * k + 1]!, 0, true);
  }

  // 2. The best query matches anywhere, up to half the budget; the very best always. A literal every line contains
  // (usually the grep pattern itself) lifts all scores alike: only what rises above the typical match counts.
  const positive = collect(itemScores, (g, i) => itemScores[g]![i]! > 0);
  const scoreAt = (k: number) => itemScores[positive[2 * k]!]![positive[2 * k + 1]!]!;
  const scored = positive.length >> 1;
  // The median score, zeros included: the scored matches are the top of the ascending order.
  const mid = total >> 1;
  const floor = mid < total - scored ? 0 : scoreAt(total - 1 - mid);
  const relevantLimit = budget.tokens * RELEVANT_SHARE;
  let best = 0;
  while (best < scored && scoreAt(best) > floor) best++;
  // A line repeated verbatim (the same call in three places) says nothing new: its first occurrence stands for it.
  const seen = new Set<string>();
  for (let k = 0; k < best && spent < relevantLimit; k++) {
    const g = positive[2 * k]!;
    const i = positive[2 * k + 1]!;
    const line = groups[g]!.lines[i]!;
    if (seen.has(line)) continue;
    seen.add(line);
    take(g, i, relevantLimit, k === 0);
  }

  // 3. The most relevant files, each by its first relevant match.
  for (const g of topMatches(groupScores, n)) {
    if (spent >= budget.tokens * RELEVANT_FILES_SHARE) break;
    if (covered[g] === 0) take(g, firstAbove(itemScores[g]!, floor), budget.tokens * RELEVANT_FILES_SHARE);
  }

  // 4. Context lines around the best few matches, so the answer is seen in place.
  for (let k = 0, c = 0; k < best && c < budget.contextMatches; k++) {
    const g = positive[2 * k]!;
    const i = positive[2 * k + 1]!;
    const extra = groups[g]!.contextCosts[i]!;
    if (picked[g]![i] !== KEEP || extra === 0) continue;
    c++;
    if (spent + extra > budget.tokens) continue;
    picked[g]![i] = KEEP_CONTEXT;
    spent += extra;
  }

  // 5. An even spread of the other files, first match each.
  const spread = spreadOrder(n);
  for (const g of spread) if (covered[g] === 0) take(g, 0, budget.tokens);

  // 6. Where each shown file's matches end.
  for (let g = 0; g < n; g++) if (covered[g] === 1) take(g, groups[g]!.items.length - 1, budget.tokens);

  // 7. Even spacing inside shown files with what is left.
  const more = affordable(groups, picked, covered, budget.tokens - spent);
  if (more > 0) spreadWithin(groups, picked, covered, more, (g, i) => void take(g, i, budget.tokens));
  return picked;
}

/** The first item scoring above `floor`, else the first item. */
function firstAbove(scores: Float64Array, floor: number): number {
  for (let i = 0; i < scores.length; i++) if (scores[i]! > floor) return i;
  return 0;
}

/** How many more matches the remaining tokens buy, at the average cost of the matches shown files still hide. */
function affordable(
  groups: readonly MatchGroup[],
  picked: readonly Uint8Array[],
  covered: Uint8Array,
  tokens: number,
): number {
  let hidden = 0;
  let cost = 0;
  for (let g = 0; g < groups.length; g++) {
    if (covered[g] !== 1) continue;
    const p = picked[g]!;
    for (let i = 0; i < p.length; i++) {
      if (p[i] !== 0) continue;
      hidden++;
      cost += groups[g]!.costs[i]! + NOTE_COST;
    }
  }
  return hidden === 0 ? 0 : Math.floor((tokens * hidden) / cost);
}
