/**
 * Writes a value that changes faster than storage can take it (the running stats totals): at most one write in
 * flight and one queued, and the queued one writes whatever is current when it starts. A caller's promise resolves
 * once a write that began after its change has finished, so awaiting it means "my change is on disk" — without a
 * queue that grows with the request rate (one write per change fell behind under load and held every pending
 * record, and the request texts it closed over, in memory).
 */
export interface LatestWriter {
  /** The value changed: resolves when a write covering the change is done (rejects if that write failed). */
  changed(): Promise<void>;
  /** Resolves when every write started or queued so far has finished (failures included). */
  idle(): Promise<void>;
}

export function latestWriter(write: () => Promise<void>): LatestWriter {
  let inFlight: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const p = write().finally(() => { if (inFlight === p) inFlight = undefined; });
    inFlight = p;
    return p;
  };
  return {
    changed() {
      if (queued) return queued;
      if (!inFlight) return start();
      const next = inFlight.catch(() => undefined).then(() => {
        queued = undefined;
        return start();
      });
      queued = next;
      return next;
    },
    async idle() {
      await (queued ?? inFlight)?.catch(() => undefined);
    },
  };
}
