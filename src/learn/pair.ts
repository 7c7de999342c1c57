/** Pairs each failed tool call with the call that later succeeded instead, within a few calls of the same session. */
import { classify } from './classify.ts';
import { reasonOf, words } from './shell.ts';
import type { Fix, Session, ToolCall } from './types.ts';

/** How many later calls may separate a failure from its fix (agents often look around before retrying). */
export const FIX_WINDOW = 8;

/** Exit 1 from these means "no match" / "differs" / "absent", an answer rather than a mistake. */
const ANSWERS_WITH_EXIT_1 = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'diff', 'cmp', 'test', '[', 'which', 'command', 'type', 'pgrep']);

function isMistake(call: ToolCall): boolean {
  if (call.ok) return false;
  if (call.family === 'shell' && call.exitCode === 1 && ANSWERS_WITH_EXIT_1.has(words(call.input)[0] ?? '')) return false;
  return true;
}

export function findFixes(session: Session, window = FIX_WINDOW): Fix[] {
  const fixes: Fix[] = [];
  const { calls } = session;
  for (let i = 0; i < calls.length; i++) {
    const failed = calls[i]!;
    if (!isMistake(failed)) continue;
    const reason = reasonOf(failed.error, failed.exitCode);
    for (let j = i + 1; j < calls.length && j <= i + window; j++) {
      const next = calls[j]!;
      if (!next.ok || next.family !== failed.family) continue;
      // The same call succeeding on a retry was a transient failure: nothing to learn, and no later call is its fix.
      if (next.input === failed.input) break;
      const pattern = classify(failed, next, reason, session.cwd);
      if (!pattern) continue;
      fixes.push({ agent: session.agent, source: session.source, failed, fixed: next, reason, pattern });
      break;
    }
  }
  return fixes;
}
