/**
 * The Worker's fetch handler over a given set of wasm modules: the headroom gateway built from the Worker's env,
 * once per isolate (bindings are fixed for its life, so the block cache and metrics live as long as it does).
 */
import { createApp } from '../src/app.ts';
import { setDefaultGrammarLoader } from '../src/compress/code/index.ts';
import { createWorkerGrammarLoader, type WasmModules } from './workers-grammars-small.ts';
import { createWorkerPlatform, workerConfig, type WorkerEnv } from './workers-platform.ts';

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx: unknown): Response | Promise<Response>;
}

export function createWorker(modules: WasmModules): WorkerHandler {
  // web-tree-sitter's emscripten glue sees a web worker and reads `self.location.href` for its script directory,
  // which workerd does not define; it is only used to locate files, and every wasm arrives as a module here.
  if (!('location' in globalThis)) Object.defineProperty(globalThis, 'location', { value: new URL('https://headroom.worker/'), configurable: true });
  setDefaultGrammarLoader(createWorkerGrammarLoader(modules));
  let app: ReturnType<typeof createApp> | undefined;
  return {
    fetch(request, env, ctx) {
      app ??= createApp(createWorkerPlatform(env, Object.keys(modules)), workerConfig(env));
      return app.fetch(request, env, ctx as never);
    },
  };
}
