/**
 * What differs between runtimes, handed to the app by each entry in `runtimes/`: outbound HTTP, storage, clock,
 * logging. The app itself only uses web-standard APIs.
 */
import type { Storage } from 'unstorage';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export type Logger = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => void;

export interface Platform {
  /** Outbound HTTP to providers; on Node a pooled keep-alive client. */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Shared state: retrieval originals, block cache, request stats. */
  storage: Storage;
  /** Wall clock in ms (injected so tests control time). */
  now: () => number;
  log: Logger;
  /** Short name of the runtime for /health, e.g. "node". */
  runtime: string;
  /**
   * For /health: what this runtime cannot run, compressor name → why (e.g. a grammar that does not fit a Worker).
   * Those compressors decline and pass content through; requests never fail because of them.
   */
  unavailable?: Record<string, string>;
  /**
   * Exact o200k counts off the event loop (Node: a worker thread), for the record. Undefined for a text it declines
   * (too long, backlog full). Without it the record counts in short slices between requests (src/tokens/count-sliced.ts).
   */
  countTokens?: (text: string) => Promise<number | undefined>;
  /** Keeps work that outlives the response (stats writes) alive where the runtime would cancel it (Workers). */
  waitUntil?: (work: Promise<unknown>) => void;
}

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A logger writing one JSON line per event to `write`, dropping events below `level`. */
export function createLogger(level: LogLevel, write: (line: string) => void): Logger {
  return (l, message, fields) => {
    if (ORDER[l] > ORDER[level]) return;
    write(JSON.stringify({ level: l, msg: message, ...fields }));
  };
}
