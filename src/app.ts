/**
 * createApp(platform, config): the headroom gateway as a Hono app (web-standard only). LLM routes are compressed
 * cache-safely; every other path is passed through untouched to the upstream it belongs to.
 */
import { Hono, type Context } from 'hono';
import { createTenants, gatewayAuth, type AuthEnv, type KeyTable, type Tenants } from './auth/index.ts';
import type { Platform } from './platform.ts';
import type { Registry } from './compress/registry.ts';
import { resolveConfig, type ProxyConfig, type ProxyConfigInput } from './proxy/config.ts';
import { errorResponse } from './proxy/errors.ts';
import { forward } from './proxy/forward.ts';
import { handleLlm, type LlmDeps } from './proxy/handle-llm.ts';
import { createCacheAligner } from './proxy/cache-aligner.ts';
import { createMetrics, METRICS_CONTENT_TYPE, type Metrics } from './proxy/metrics.ts';
import { createDiffRecorder, requestDiff } from './proxy/request-diff.ts';
import { createStatsLedger } from './proxy/stats.ts';
import type { ProviderName } from './providers/types.ts';
import { createBlockCache } from './store/block-cache.ts';
import { createStore } from './store/store.ts';
import { HeadroomError } from './errors.ts';
import { createDashboard } from './dashboard/index.ts';
import { mcpHttpHandler } from './mcp/http.ts';
import { createMemory } from './memory/memory.ts';
import { createMemoryGateway } from './memory/gateway-tools.ts';
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

/** Team gateway mode (keys required): who may call, and this process's name among those sharing the storage. */
export interface GatewayOptions {
  keys: KeyTable;
  instance: string;
  /** Explicit opt-in: log request bodies and keep per-block diff texts (off: ids and sizes only). */
  logBodies?: boolean;
  /** Built once (createGatewayTenants) by a runtime that also serves WebSockets, so both see the same tenant state. */
  tenants?: Tenants<LlmDeps>;
}

export interface LlmDepsOptions {
  /** Stats shard of this process (processes sharing a storage must differ; see proxy/stats-shards.ts). */
  shard?: string;
  metrics?: Metrics;
  /** Keep per-block diff texts (default true; off in gateway mode unless bodies may be stored). */
  diffs?: boolean;
  /** The compressors to run (default: the built-in registry). */
  registry?: Registry;
}

/** What the LLM handlers share (store, block cache, ledger); a runtime that also serves WebSockets passes the same one to both. */
export function createLlmDeps(platform: Platform, partialConfig: ProxyConfigInput = {}, opts: LlmDepsOptions = {}): LlmDeps {
  const metrics = opts.metrics ?? createMetrics();
  const config = resolveConfig(partialConfig);
  // `memory`: memory_save / memory_search offered to the model, answered here against the shared notes.
  const memory = config.memory ? createMemory(platform.storage, { now: platform.now }) : undefined;
  return {
    platform, config,
    store: createStore(platform.storage, { now: platform.now }),
    blocks: createBlockCache(platform.storage),
    ledger: createStatsLedger(platform.storage, platform.now, { onRecord: metrics.observe, ...(opts.shard ? { shard: opts.shard } : {}) }),
    aligner: createCacheAligner(platform.storage, { log: platform.log }),
    ...(opts.diffs === false ? {} : { diffs: createDiffRecorder(platform.storage, { now: platform.now, log: platform.log }) }),
    metrics,
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(memory ? { memory: (project: string | undefined) => createMemoryGateway(memory, { project }) } : {}),
  };
}

/** Each gateway key's state (store, block cache, stats) over its tenant's prefixed storage, built on first use. */
export function createGatewayTenants(platform: Platform, partialConfig: ProxyConfigInput, deps: LlmDeps, gateway: GatewayOptions): Tenants<LlmDeps> {
  return createTenants({
    platform, keys: gateway.keys, instance: gateway.instance,
    make: (p, shard) => createLlmDeps(p, partialConfig, {
      shard, ...(deps.metrics ? { metrics: deps.metrics } : {}), ...(deps.registry ? { registry: deps.registry } : {}), diffs: gateway.logBodies === true,
    }),
  });
}

export function createApp(
  platform: Platform, partialConfig: ProxyConfigInput = {}, deps: LlmDeps = createLlmDeps(platform, partialConfig), gateway?: GatewayOptions,
) {
  const { config } = deps;
  const app = new Hono<AuthEnv>();
  // Gateway mode: every key resolves to its tenant's own state; without keys (loopback) there is one, `deps`.
  const tenants = gateway && (gateway.tenants ?? createGatewayTenants(platform, partialConfig, deps, gateway));
  const depsOf = (c: Context<AuthEnv>): LlmDeps => {
    const key = c.get('headroomKey');
    return key && tenants ? tenants.depsFor(key) : deps;
  };
  const perDeps = <T>(make: (d: LlmDeps) => T) => {
    const made = new WeakMap<LlmDeps, T>();
    return (d: LlmDeps): T => made.get(d) ?? (made.set(d, make(d)), made.get(d)!);
  };
  if (gateway && tenants) {
    app.use('*', gatewayAuth({
      keys: gateway.keys, log: platform.log, logBodies: gateway.logBodies === true, overBudget: tenants.overBudget,
      upstreamOf: (request, path) => LLM_ROUTES.find(([p]) => p === path)?.[2] ?? upstreamFor(request, path),
    }));
  }

  app.onError((err) => {
    if (!(err instanceof HeadroomError)) platform.log('error', 'unhandled error', { err: err instanceof Error ? err.stack : String(err) });
    return errorResponse(err);
  });

  app.get('/health', (c) => c.json({ ok: true, version: pkg.version, runtime: platform.runtime, upstreams: config.upstreams, compression: config.compression, unavailable: platform.unavailable ?? {} }));
  app.get('/stats', async (c) => {
    const key = c.get('headroomKey');
    const asked = c.req.query('key');
    // Per-key usage: a key's own, or any key's for an admin key.
    if (tenants && key && asked !== undefined) return c.json(await tenants.keyStats(key, asked));
    const d = depsOf(c);
    return c.json({
      totals: await d.ledger.totals(), recent: await d.ledger.recent(Number(c.req.query('limit') ?? 50)),
      ...(tenants && key ? { key: await tenants.usage(key) } : {}),
    });
  });
  app.get('/metrics', (c) => {
    // All tenants' traffic in one series set: admins only in gateway mode.
    if (tenants && !c.get('headroomKey')?.admin) return c.json({ type: 'error', error: { type: 'permission_error', message: 'headroom gateway: /metrics needs an admin key' } }, 403);
    return c.body(deps.metrics?.render() ?? '', 200, { 'content-type': METRICS_CONTENT_TYPE });
  });
  app.get('/requests/:id/diff', async (c) => {
    const d = depsOf(c);
    return c.json(await requestDiff(d.ledger, d.diffs ?? createDiffRecorder(d.platform.storage), c.req.param('id')));
  });
  if (tenants) {
    // Gateway mode: each key's dashboard shows its tenant (registered before the shared one, which then never matches).
    const dashboardOf = perDeps((d) => createDashboard({ ledger: d.ledger, diffs: d.diffs ?? createDiffRecorder(d.platform.storage), version: pkg.version }));
    const dashboard = (c: Context<AuthEnv>) => {
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice('/dashboard'.length) || '/';
      return dashboardOf(depsOf(c)).fetch(new Request(url, c.req.raw));
    };
    app.all('/dashboard', dashboard);
    app.all('/dashboard/*', dashboard);
  }
  app.route('/dashboard', createDashboard({ ledger: deps.ledger, diffs: deps.diffs ?? createDiffRecorder(platform.storage), version: pkg.version }));
  app.get('/v1/retrieve/:id', async (c) => {
    const text = await depsOf(c).store.getOriginal(c.req.param('id'));
    return c.text(text, 200, { 'content-type': 'text/plain; charset=utf-8' });
  });

  // MCP over streamable HTTP: compress / retrieve / stats and the shared memory, for any MCP client.
  const mcpOf = perDeps((d) => mcpHttpHandler({
    store: d.store, memory: createMemory(d.platform.storage, { now: d.platform.now }), totals: () => d.ledger.totals(), version: pkg.version,
  }));
  app.all('/mcp', (c) => mcpOf(depsOf(c))(c.req.raw));

  for (const [path, provider, upstream] of LLM_ROUTES) {
    app.post(path, (c) => handleLlm(depsOf(c), c.req.raw, provider, config.upstreams[upstream]));
  }

  app.all('*', (c) => {
    const url = new URL(c.req.url);
    const req = c.req.raw;
    return forward(platform, {
      method: req.method, url: config.upstreams[upstreamFor(req, url.pathname)] + url.pathname + url.search,
      headers: req.headers, body: req.body, signal: req.signal, headerTimeoutMs: config.upstreamHeaderTimeoutMs,
    });
  });

  return app;
}

