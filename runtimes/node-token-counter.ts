/**
 * The record's exact token counts on a worker thread. Tokenizing runs at ~3–40 MB/s depending on how repetitive the
 * text is; on the event loop, even in sub-millisecond slices between requests, it delayed requests arriving
 * meanwhile (a request needs a few loop turns to reach its handler, each waiting for a slice: +8–15 ms p50 on the
 * bench's 100k-token requests). One worker, started on first use, counts in arrival order; it holds the process
 * open only while it has work. Declined (the record keeps its estimate, labelled as one): texts over COUNT_MAX_CHARS,
 * and texts arriving while more than MAX_PENDING_CHARS wait, so a burst cannot pile up memory behind the worker.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { COUNT_MAX_CHARS } from '../src/tokens/count.ts';

const MAX_PENDING_CHARS = 64 * 1024 * 1024;
/** A worker that dies is replaced this many times; after that counting is declined (estimates). */
const MAX_STARTS = 3;

/**
 * Plain CommonJS so the same code runs from src (tests, tsx) and from the bundle. `disallowedSpecial: new Set()`
 * must match countTokensOnce in src/tokens/count.ts: special-token strings are plain text (a test compares them).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { countTokens } = require(workerData.tokenizer);
const plain = { disallowedSpecial: new Set() };
parentPort.on('message', ({ id, text }) => {
  let n = -1;
  try { n = countTokens(text, plain); } catch {}
  parentPort.postMessage({ id, n });
});
`;

export interface TokenCounterThread {
  count(text: string): Promise<number | undefined>;
  /** Starts the worker and loads the tokenizer now (~0.1–0.3 s), so the first records are not the ones waiting. */
  warm(): void;
  /** Stops the worker (tests); the next count starts a new one. */
  close(): Promise<void>;
}

export function createTokenCounterThread(): TokenCounterThread {
  const tokenizer = createRequire(import.meta.url).resolve('gpt-tokenizer/encoding/o200k_base');
  let worker: Worker | undefined;
  let starts = 0;
  let nextId = 0;
  let pendingChars = 0;
  const pending = new Map<number, { chars: number; resolve: (n: number | undefined) => void }>();

  const settle = (id: number, n: number | undefined) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    pendingChars -= p.chars;
    if (pending.size === 0) worker?.unref();
    p.resolve(n);
  };
  const failAll = () => {
    for (const id of [...pending.keys()]) settle(id, undefined);
  };

  const start = (): Worker | undefined => {
    if (worker) return worker;
    if (starts >= MAX_STARTS) return undefined;
    starts++;
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { tokenizer } });
    w.unref();
    w.on('message', ({ id, n }: { id: number; n: number }) => settle(id, n >= 0 ? n : undefined));
    const gone = () => {
      if (worker === w) worker = undefined;
      failAll();
    };
    w.on('error', gone);
    w.on('exit', gone);
    worker = w;
    return w;
  };

  return {
    count(text) {
      if (text.length === 0) return Promise.resolve(0);
      if (text.length > COUNT_MAX_CHARS || pendingChars + text.length > MAX_PENDING_CHARS) return Promise.resolve(undefined);
      const w = start();
      if (!w) return Promise.resolve(undefined);
      const id = nextId++;
      pendingChars += text.length;
      if (pending.size === 0) w.ref();
      return new Promise((resolve) => {
        pending.set(id, { chars: text.length, resolve });
        w.postMessage({ id, text });
      });
    },
    warm() {
      void this.count('warm');
    },
    async close() {
      const w = worker;
      worker = undefined;
      starts = 0;
      failAll();
      if (w) await w.terminate();
    },
  };
}
