/**
 * Bookkeeping that can wait (the record's exact token counts) runs when no request is on its request path — from
 * its arrival until its response is handed back — so it never adds to a client's latency. Streams already handed
 * back do not count: relaying their chunks is cheap and they can last minutes. A process that is never quiet still
 * gets its bookkeeping done: a waiter goes ahead after `maxWaitMs` anyway.
 */
export interface QuietGate {
  /** A request entered its request path; call the returned function once its response is handed back. */
  enter(): () => void;
  /** Resolves in a later event-loop turn with no request on its request path, or once `maxWaitMs` have passed. */
  quiet(maxWaitMs?: number): Promise<void>;
  /** Requests on their request path now (for tests and diagnostics). */
  readonly active: number;
}

export function createQuietGate(): QuietGate {
  let active = 0;
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const retry of [...waiting]) retry();
  };
  return {
    get active() { return active; },
    enter() {
      active++;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        // A turn later: pending I/O (the answer's last writes, a request just arriving) goes first.
        if (--active === 0 && waiting.size > 0) setTimeout(wake, 0);
      };
    },
    quiet(maxWaitMs = 250) {
      return new Promise<void>((resolve) => {
        let deadline: ReturnType<typeof setTimeout> | undefined;
        const done = () => {
          waiting.delete(retry);
          if (deadline !== undefined) clearTimeout(deadline);
          resolve();
        };
        const retry = () => {
          if (active === 0) done();
          else if (deadline === undefined) {
            waiting.add(retry);
            deadline = setTimeout(done, maxWaitMs);
          }
        };
        setTimeout(retry, 0);
      });
    },
  };
}

/** The process's gate: every tenant's requests share one thread, so they share one notion of quiet. */
export const requestPath: QuietGate = createQuietGate();
