/** Groups fixes that teach the same lesson and turns each group into one rule, ordered by how often it was learned. */
import { quoteWord } from './shell.ts';
import type { AgentName, Fix, Pattern, PatternKind, Rule } from './types.ts';

export interface ClusterOptions {
  /** Fewest occurrences before a lesson becomes a rule, per kind (default: 2 for whole-command rewrites, else 1). */
  minCount?: Partial<Record<PatternKind, number>>;
  /** At most this many rules (default 25), the most frequent first. */
  maxRules?: number;
}

const DEFAULT_MIN: Record<PatternKind, number> = { program: 1, flag: 1, 'no-flag': 1, dir: 1, path: 1, command: 2 };

const code = (s: string) => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);

function ruleText(p: Pattern, reason: string): string {
  switch (p.kind) {
    case 'program': return `Run ${code(p.right)} instead of ${code(p.wrong)} (${code(p.wrong)}: ${reason}).`;
    case 'flag': return `${code(p.context ?? p.wrong)} needs ${code(p.right)} (without it: ${reason}).`;
    case 'no-flag': return `${code(p.context ?? p.right)} does not take ${code(p.wrong)} (${reason}).`;
    case 'dir': return `Files are under ${code(p.right)}, not ${code(p.wrong)}${p.context ? ` (e.g. ${code(quoteWord(p.context))})` : ''}.`;
    case 'path': return `${code(p.wrong)} does not exist; use ${code(p.right)}.`;
    case 'command': return `Instead of ${code(p.wrong)}, run ${code(p.right)} (${reason}).`;
  }
}

/** The most frequent value; ties go to the alphabetically first so output never depends on log order. */
function mode(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))[0]![0];
}

export function cluster(fixes: readonly Fix[], options: ClusterOptions = {}): Rule[] {
  const min = { ...DEFAULT_MIN, ...options.minCount };
  const groups = new Map<string, Fix[]>();
  for (const f of fixes) {
    const g = groups.get(f.pattern.key);
    if (g) g.push(f);
    else groups.set(f.pattern.key, [f]);
  }
  const rules: Rule[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!.pattern;
    if (group.length < min[first.kind]) continue;
    // Dir rules show one example file; pick it independently of order.
    const context = first.kind === 'dir' ? group.map((f) => f.pattern.context).filter((c) => c !== undefined).sort()[0] : first.context;
    rules.push({
      key, kind: first.kind,
      text: ruleText({ ...first, context }, mode(group.map((f) => f.reason))),
      count: group.length,
      sessions: new Set(group.map((f) => f.source)).size,
      agents: [...new Set(group.map((f) => f.agent))].sort() as AgentName[],
    });
  }
  rules.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return rules.slice(0, options.maxRules ?? 25);
}
