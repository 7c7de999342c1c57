/** The four synthetic scenarios, in the order Python Headroom publishes its own. */
import { codeSearchWorkload } from './code-search.ts';
import { codebaseWorkload } from './codebase.ts';
import { issueTriageWorkload } from './issue-triage.ts';
import { sreIncidentWorkload } from './sre-incident.ts';
import type { Workload } from './types.ts';

export type { ToolOutput, Workload } from './types.ts';

export function allWorkloads(): Workload[] {
  return [codeSearchWorkload(), sreIncidentWorkload(), issueTriageWorkload(), codebaseWorkload()];
}
