/**
 * The Platform of the Cloudflare Worker, built from the Worker's env: global fetch, Workers KV (through unstorage's
 * cloudflare-kv-binding driver) for originals, block cache and stats, a JSON-lines console logger, and the list of
 * what the Worker build cannot run, for /health.
 */
import { waitUntil } from 'cloudflare:workers';
import { createStorage } from 'unstorage';
import cloudflareKVBindingDriver from 'unstorage/drivers/cloudflare-kv-binding';
import { LANGUAGE_RULES } from '../src/compress/code/index.ts';
import { createLogger, type LogLevel, type Platform } from '../src/platform.ts';
import type { ProxyConfigInput } from '../src/proxy/config.ts';

/** The Worker's bindings and vars (wrangler.toml `[vars]`, `[[kv_namespaces]]`). */
export interface WorkerEnv {
  /** Workers KV namespace for shared state; without it state lives in the isolate's memory (dev only). */
  HEADROOM_KV?: unknown;
  ANTHROPIC_UPSTREAM?: string;
  OPENAI_UPSTREAM?: string;
  /** "off" passes everything through unchanged (still observed). */
  HEADROOM_COMPRESSION?: string;
  HEADROOM_LOG_LEVEL?: string;
}

const LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

/** Parts left out of the Worker build, and why; each is declared unavailable in /health. */
export function workerUnavailable(grammars: readonly string[], hasKv: boolean): Record<string, string> {
  const out: Record<string, string> = {
    // onnxruntime-web is aliased to a stub in wrangler.toml: its wasm (3.7 MB gzip) and models/prose/model.onnx
    // (9.0 MB gzip) would take the Worker past the paid plan's 10 MB on top of the rest (3.4 MB).
    'text.onnx': 'ONNX word scorer not in the Worker build (too large for a Worker); the text compressor uses the frequency scorer',
  };
  const missing = Object.entries(LANGUAGE_RULES).filter(([, r]) => !grammars.includes(r.grammar)).map(([lang]) => lang);
  if (!grammars.includes('tree-sitter.wasm')) out.code = 'tree-sitter runtime not in the Worker build';
  else if (missing.length) out.code = `no grammar in the Worker build for: ${missing.join(', ')}`;
  if (!hasKv) out.storage = 'no HEADROOM_KV binding: originals and stats live in this isolate only';
  return out;
}

export function createWorkerPlatform(env: WorkerEnv, grammars: readonly string[]): Platform {
  const level = LEVELS.includes(env.HEADROOM_LOG_LEVEL as LogLevel) ? (env.HEADROOM_LOG_LEVEL as LogLevel) : 'info';
  const hasKv = env.HEADROOM_KV !== undefined;
  return {
    // workerd's fetch must be called unbound from the global (an illegal-invocation error otherwise).
    fetch: (input, init) => fetch(input, init),
    storage: hasKv
      ? createStorage({ driver: cloudflareKVBindingDriver({ binding: env.HEADROOM_KV as never }) })
      : createStorage(),
    now: () => Date.now(),
    log: createLogger(level, (line) => console.log(line)),
    runtime: 'cloudflare-workers',
    unavailable: workerUnavailable(grammars, hasKv),
    // Stats are written after the response has gone; workerd cancels that work unless told to wait for it.
    waitUntil,
  };
}

export function workerConfig(env: WorkerEnv): ProxyConfigInput {
  return {
    upstreams: {
      ...(env.ANTHROPIC_UPSTREAM ? { anthropic: env.ANTHROPIC_UPSTREAM } : {}),
      ...(env.OPENAI_UPSTREAM ? { openai: env.OPENAI_UPSTREAM } : {}),
    },
    compression: env.HEADROOM_COMPRESSION !== 'off',
  };
}
