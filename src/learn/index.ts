/** `headroom learn`: rules for CLAUDE.md / AGENTS.md learned from the agents' own failed-then-fixed tool calls. */
export { parseClaudeSession } from './claude.ts';
export { parseCodexSession } from './codex.ts';
export { findFixes, FIX_WINDOW } from './pair.ts';
export { classify } from './classify.ts';
export { cluster, type ClusterOptions } from './cluster.ts';
export { renderBlock, updateBlock, LearnError, START, END } from './block.ts';
export { learn, type LearnResult } from './learn.ts';
export type { AgentName, Fix, Pattern, PatternKind, Rule, Session, ToolCall } from './types.ts';
