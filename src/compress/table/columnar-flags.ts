/**
 * Rows of command output that describe a problem, judged by what the tool's columns mean: pods not Running/Completed
 * (CrashLoopBackOff, Error, Pending…) or running but not ready, containers that exited non-zero or are unhealthy,
 * zombie processes, processes using half a CPU or half the memory, filesystems ≥ 90% full. The shared row scorer
 * does not know these tools (a `Z` in STAT, or `CrashLoopBackOff`, is not an error word), so we tell it.
 */
import type { Listing } from './columnar-parse.ts';

const POD_OK = /^(?:Running|Completed|Succeeded)$/;
const DOCKER_BAD = /^(?:Exited \((?!0\))|Restarting|Dead|Removal)|\(unhealthy\)/;
const STATUS_BAD =
  /fail|error|crash|backoff|oom|evict|unhealthy|dead|notready|not ready|unknown|lost|degraded|pending|terminating|zombie/i;
const HIGH_SHARE = 50;
const FULL_DISK = 90;

/** One reason per row ('' = nothing wrong); null when no column of this listing carries such a signal. */
export function flagRows(listing: Listing): string[] | null {
  const cols = listing.columns;
  const at = (name: string) => cols.indexOf(name);
  const status = at('STATUS') >= 0 ? at('STATUS') : at('STATE');
  const ready = at('READY');
  const kube = ready >= 0 && at('RESTARTS') >= 0;
  const docker = at('CONTAINER ID') >= 0;
  const stat = at('STAT') >= 0 ? at('STAT') : at('S');
  const cpu = at('%CPU');
  const mem = at('%MEM');
  const use = at('Use%') >= 0 ? at('Use%') : at('Capacity');
  if (status < 0 && stat < 0 && cpu < 0 && mem < 0 && use < 0) return null;
  let any = false;
  const out = listing.rows.map((row) => {
    const cell = (c: number) => (c >= 0 ? (row.cells[c] ?? '') : '');
    const s = cell(status);
    let why = '';
    if (status >= 0 && s !== '') {
      if (kube) {
        if (!POD_OK.test(s)) why = s;
        else if (s === 'Running' && /^(\d+)\/(\d+)$/.test(cell(ready))) {
          const [have, want] = cell(ready).split('/').map(Number);
          if (have! < want!) why = 'not ready';
        }
      } else if (docker ? DOCKER_BAD.test(s) : STATUS_BAD.test(s)) why = s;
    }
    if (!why && stat >= 0 && cell(stat).includes('Z')) why = 'zombie';
    if (!why && cpu >= 0 && Number(cell(cpu)) >= HIGH_SHARE) why = 'high cpu';
    if (!why && mem >= 0 && Number(cell(mem)) >= HIGH_SHARE) why = 'high memory';
    if (!why && use >= 0 && Number.parseInt(cell(use), 10) >= FULL_DISK) why = 'nearly full';
    if (why) any = true;
    return why;
  });
  return any ? out : null;
}
