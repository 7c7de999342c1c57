/** What a benchmark scenario is: tool outputs an agent collected, the user's question, and the facts an answer needs. */
import type { ContentKind } from '../../compress/types.ts';

export interface ToolOutput {
  /** Short label for progress and per-output tables, e.g. "grep SessionStore". */
  label: string;
  text: string;
  toolName?: string;
  command?: string;
  path?: string;
  /** Only when the scenario knows the kind for sure (most leave detection to the router). */
  kind?: ContentKind;
}

export interface Workload {
  name: string;
  question: string;
  outputs: ToolOutput[];
  /** Strings a correct answer needs; each must appear verbatim in the compressed outputs. */
  gold: string[];
  /** Target % of tokens saved, and what Python Headroom publishes for its scenario of the same shape. */
  targetPct: number;
  headroomPct?: number;
}
