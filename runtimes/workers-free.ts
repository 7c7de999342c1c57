/** Cloudflare Worker entry for the free plan (`wrangler deploy --env free`): no C# and C++ grammars, see /health. */
import { createWorker } from './workers-app.ts';
import { SMALL_WASM } from './workers-grammars-small.ts';

export default createWorker(SMALL_WASM);
