/**
 * Cloudflare Worker entry (`npm run dev:worker` / `npm run deploy`): the headroom gateway with every grammar.
 * `wrangler deploy --env free` builds runtimes/workers-free.ts instead (fits the free plan's 3 MB).
 */
import { createWorker } from './workers-app.ts';
import { WORKER_WASM } from './workers-grammars.ts';

export type { WorkerEnv } from './workers-platform.ts';

export default createWorker(WORKER_WASM);
