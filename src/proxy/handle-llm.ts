/**
 * The LLM routes (Anthropic Messages, OpenAI Chat, OpenAI Responses): read the body, compress its live zone
 * (cache-safe), forward, and stream the answer back while reading usage on the side. Anything we cannot or need
 * not change is forwarded byte-for-byte.
 */
import { compress, type CompressResult, type CompressStats } from '../compress-body.ts';
import type { Platform } from '../platform.ts';
import type { Registry } from '../compress/registry.ts';
import type { ProviderName } from '../providers/types.ts';
import type { BlockCache } from '../store/block-cache.ts';
import type { Store } from '../store/store.ts';
import type { CacheAligner } from './cache-aligner.ts';
import type { ProxyConfig } from './config.ts';
import { forward } from './forward.ts';
import type { Metrics } from './metrics.ts';
import type { DiffRecorder } from './request-diff.ts';
import { parseJsonObject, readBody } from './request-body.ts';
import { PROJECT_HEADER } from '../mcp/http.ts';
import type { MemoryGateway } from '../memory/gateway-tools.ts';
import { gatewayTools, injectGatewayTools, interceptToolCalls, type ToolTable } from './retrieval/intercept.ts';
import { sessionScope } from './session.ts';
import { requestPath } from './quiet.ts';
import { respond } from './respond.ts';
import { agentFromUserAgent, type StatsLedger } from './stats.ts';

export interface LlmDeps {
  platform: Platform;
  config: ProxyConfig;
  store: Store;
  blocks: BlockCache;
  ledger: StatsLedger;
  /** Observability (optional so other callers need not build them): prefix volatility, per-block diffs, /metrics. */
  aligner?: CacheAligner;
  diffs?: DiffRecorder;
  metrics?: Metrics;
  /** With `config.memory`: the shared memory, bound to the request's project, offered to the model as tools. */
  memory?: (project: string | undefined) => MemoryGateway;
  /** The compressors to run (default: the built-in registry); tests inject failing ones here. */
  registry?: Registry;
}

const encoder = new TextEncoder();

export async function handleLlm(deps: LlmDeps, request: Request, provider: ProviderName, upstreamBase: string): Promise<Response> {
  // On the request path until respond() has handed the answer back (see quiet.ts).
  const leave = requestPath.enter();
  try {
    return await serve(deps, request, provider, upstreamBase, leave);
  } catch (err) {
    leave();
    throw err;
  }
}

async function serve(deps: LlmDeps, request: Request, provider: ProviderName, upstreamBase: string, handedBack: () => void): Promise<Response> {
  const { platform, config } = deps;
  const url = new URL(request.url);
  const started = platform.now();
  const id = crypto.randomUUID();
  const bytes = await readBody(request, config.maxBodyBytes);
  const bypassed = request.headers.get('x-headroom-bypass') === '1';
  const bypass = bypassed || !config.compression;
  const body = parseJsonObject(bytes);

  let outBytes: Uint8Array = bytes;
  let stats: CompressStats | undefined;
  let texts: CompressResult<unknown>['texts'] = [];
  let error: string | undefined;
  let scope: string | undefined;
  // The cache aligner reads system/tools synchronously, then finishes beside compression and forwarding.
  const prefix = body ? deps.aligner?.check(provider, body, request.headers, url.pathname) : undefined;
  if (body && !bypass) {
    const diff = deps.diffs?.begin(provider, body);
    try {
      scope = sessionScope(body, request.headers);
      // Tokenizing 100k tokens costs ~15 ms: keep it off the request path; exact counts are taken after the response.
      const r = await compress(body, {
        provider, inPlace: true, store: deps.store, cache: { blocks: deps.blocks, scope }, minTokens: config.minTokens, countTokens: false,
        ...(deps.registry ? { registry: deps.registry } : {}), ...(config.compressBudgetMs ? { budgetMs: config.compressBudgetMs } : {}),
      });
      stats = r.stats;
      texts = r.texts;
      diff?.end(id, r.stats.blocks);
      if (r.changed) outBytes = encoder.encode(JSON.stringify(r.body));
    } catch (err) {
      // Fail open: the request goes out exactly as it came in.
      error = `compression failed: ${err instanceof Error ? err.message : String(err)}`;
      platform.log('error', error, { path: url.pathname });
      outBytes = bytes;
    }
  }
  // Gateway tools (DESIGN §4): headroom_retrieve when markers are in play, the memory tools when on; their calls
  // are answered here. A failed compression may have left `body` half-edited: tools then go on the original.
  let offered: ToolTable | undefined;
  const sent = body && !bypassed ? (error === undefined ? body : parseJsonObject(bytes)) : undefined;
  if (sent) {
    try {
      const memory = deps.memory?.(request.headers.get(PROJECT_HEADER)?.trim() || undefined);
      const tools = gatewayTools({ store: deps.store, ...(memory ? { memory } : {}) });
      offered = await injectGatewayTools({ provider, body: sent, tools, ids: stats?.ids, storage: platform.storage, scope: error === undefined ? scope : undefined });
      if (offered.size > 0) outBytes = encoder.encode(JSON.stringify(sent));
    } catch (err) {
      platform.log('warn', 'gateway tools not offered', { err: String(err) });
    }
  }
  const compressMs = platform.now() - started;

  const upstreamUrl = upstreamBase + url.pathname + url.search;
  let response = await forward(platform, {
    method: request.method, url: upstreamUrl, headers: request.headers, body: outBytes, signal: request.signal,
    headerTimeoutMs: config.upstreamHeaderTimeoutMs,
  });
  if (sent && offered && offered.size > 0) {
    response = await interceptToolCalls(provider, response, sent, offered, {
      signal: request.signal,
      send: (next, signal) => forward(platform, {
        method: 'POST', url: upstreamUrl, headers: request.headers, body: encoder.encode(JSON.stringify(next)), signal,
        headerTimeoutMs: config.upstreamHeaderTimeoutMs,
      }),
    });
  }
  const upstreamMs = platform.now() - started - compressMs;

  // Everything the record needs, and nothing more: the stream can last minutes, and a closure over this function's
  // scope would hold the request body (and its parsed copy) for as long as it does.
  return respond({ ledger: deps.ledger, platform, quiet: requestPath }, {
    id, time: started, provider, path: url.pathname,
    model: typeof body?.model === 'string' ? body.model : undefined, stream: body?.stream === true,
    compressMs, upstreamMs, bypass, error, agent: agentFromUserAgent(request.headers.get('user-agent')),
  }, { stats, texts, prefix }, response, handedBack);
}
