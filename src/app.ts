/**
 * createApp(platform, config): the headroom gateway as a Hono app (web-standard only). LLM routes are compressed
 * cache-safely; every other path is passed through untouched to the upstream it belongs to.
 */
import { Hono } from 'hono';
import type { Platform } from './platform.ts';
import { resolveConfig, type ProxyConfig, type ProxyConfigInput } from './proxy/config.ts';
import { errorResponse } from './proxy/errors.ts';
import { forward } from './proxy/forward.ts';
import { handleLlm, type LlmDeps } from './proxy/handle-llm.ts';
import { createCacheAligner } from './proxy/cache-aligner.ts';
import { createMetrics, METRICS_CONTENT_TYPE } from './proxy/metrics.ts';
import { createDiffRecorder, requestDiff } from './proxy/request-diff.ts';
import { createStatsLedger } from './proxy/stats.ts';
import type { ProviderName } from './providers/types.ts';
import { createBlockCache } from './store/block-cache.ts';
import { createStore } from './store/store.ts';
import { HeadroomError } from './errors.ts';
import { mcpHttpHandler } from './mcp/http.ts';
import { createMemory } from './memory/memory.ts';
import pkg from '../package.json' with { type: 'json' };

type Upstream = keyof ProxyConfig['upstreams'];

/** The compressed routes: path → (body format, upstream). */
const LLM_ROUTES: readonly (readonly [string, ProviderName, Upstream])[] = [
  ['/v1/messages', 'anthropic', 'anthropic'],
  ['/v1/messages/count_tokens', 'anthropic', 'anthropic'],
  ['/v1/chat/completions', 'openai-chat', 'openai'],
  ['/v1/responses', 'openai-responses', 'openai'],
];

/** Which upstream an arbitrary path belongs to: Anthropic by its headers or paths, else OpenAI. */
function upstreamFor(request: Request, path: string): Upstream {
  if (request.headers.has('anthropic-version') || request.headers.has('x-api-key') || path.startsWith('/v1/messages') || path.startsWith('/api/')) {
    return 'anthropic';
  }
  return 'openai';
}

/** What the LLM handlers share (store, block cache, ledger); a runtime that also serves WebSockets passes the same one to both. */
export function createLlmDeps(platform: Platform, partialConfig: ProxyConfigInput = {}): LlmDeps {
  const metrics = createMetrics();
  return {
    platform, config: resolveConfig(partialConfig),
    store: createStore(platform.storage, { now: platform.now }),
    blocks: createBlockCache(platform.storage),
    ledger: createStatsLedger(platform.storage, platform.now, { onRecord: metrics.observe }),
    aligner: createCacheAligner(platform.storage, { log: platform.log }),
    diffs: createDiffRecorder(platform.storage, { now: platform.now, log: platform.log }),
    metrics,
  };
}

export function createApp(platform: Platform, partialConfig: ProxyConfigInput = {}, deps: LlmDeps = createLlmDeps(platform, partialConfig)) {
  const { config } = deps;
  const app = new Hono();

  app.onError((err) => {
    if (!(err instanceof HeadroomError)) platform.log('error', 'unhandled error', { err: err instanceof Error ? err.stack : String(err) });
    return errorResponse(err);
  });

  app.get('/health', (c) => c.json({ ok: true, version: pkg.version, runtime: platform.runtime, upstreams: config.upstreams, compression: config.compression }));
  app.get('/stats', async (c) => c.json({ totals: await deps.ledger.totals(), recent: await deps.ledger.recent(Number(c.req.query('limit') ?? 50)) }));
  app.get('/metrics', (c) => c.body(deps.metrics?.render() ?? '', 200, { 'content-type': METRICS_CONTENT_TYPE }));
  app.get('/requests/:id/diff', async (c) => c.json(await requestDiff(deps.ledger, deps.diffs ?? createDiffRecorder(platform.storage), c.req.param('id'))));
  app.get('/v1/retrieve/:id', async (c) => {
    const text = await deps.store.getOriginal(c.req.param('id'));
    return c.text(text, 200, { 'content-type': 'text/plain; charset=utf-8' });
  });

  // MCP over streamable HTTP: compress / retrieve / stats and the shared memory, for any MCP client.
  const handleMcp = mcpHttpHandler({
    store: deps.store, memory: createMemory(platform.storage, { now: platform.now }), totals: () => deps.ledger.totals(), version: pkg.version,
  });
  app.all('/mcp', (c) => handleMcp(c.req.raw));

  for (const [path, provider, upstream] of LLM_ROUTES) {
    app.post(path, (c) => handleLlm(deps, c.req.raw, provider, config.upstreams[upstream]));
  }

  app.all('*', (c) => {
    const url = new URL(c.req.url);
    const req = c.req.raw;
    return forward(platform, {
      method: req.method, url: config.upstreams[upstreamFor(req, url.pathname)] + url.pathname + url.search,
      headers: req.headers, body: req.body, signal: req.signal,
    });
  });

  return app;
}

