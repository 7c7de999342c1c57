/** The shapes `headroom learn` works on: agent-neutral tool calls, the fixes found among them, and the rules they yield. */

export type AgentName = 'claude' | 'codex';

/** One tool call and its outcome, whatever agent made it. */
export interface ToolCall {
  /** Tool family: `shell` (Bash, exec_command…) or `file` (Read, Edit, Write…: only the path matters). */
  family: 'shell' | 'file';
  /** The agent's own tool name, e.g. `Bash`, `Read`, `exec_command`. */
  tool: string;
  /** The command line (shell) or the file path (file). */
  input: string;
  ok: boolean;
  exitCode?: number;
  /** Output or error text of a failed call (for the reason only; never copied into rules). */
  error?: string;
}

/** One session log, in call order. */
export interface Session {
  agent: AgentName;
  /** Where it came from (file path), for ordering and messages. */
  source: string;
  /** Working directory the agent ran in, when the log says. */
  cwd?: string;
  calls: ToolCall[];
}

export type PatternKind = 'program' | 'flag' | 'no-flag' | 'dir' | 'path' | 'command';

/** What a failed call and the call that later succeeded instead have in common, keyed so repeats cluster. */
export interface Pattern {
  kind: PatternKind;
  /** Cluster key: equal keys are the same lesson. */
  key: string;
  /** Wrong and right, as shown in the rule (`python` / `python3`, `src/utils/` / `src/lib/`…). */
  wrong: string;
  right: string;
  /** The command the flag belongs to (flag rules), or an example file name (dir rules). */
  context?: string;
}

export interface Fix {
  agent: AgentName;
  source: string;
  failed: ToolCall;
  fixed: ToolCall;
  /** Why the failed call failed, in a few words (`not found on PATH`, `no such file`…). */
  reason: string;
  pattern: Pattern;
}

export interface Rule {
  key: string;
  kind: PatternKind;
  /** The rule as one markdown bullet (without the leading `- `). */
  text: string;
  /** How many times the lesson was learned, and in how many sessions. */
  count: number;
  sessions: number;
  agents: AgentName[];
}
