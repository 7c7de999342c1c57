/**
 * The LLM routes (Anthropic Messages, OpenAI Chat, OpenAI Responses): read the body, compress its live zone
 * (cache-safe), forward, and stream the answer back while reading usage on the side. Anything we cannot or need
 * not change is forwarded byte-for-byte.
 */
import { compress, countExactly, type CompressResult, type CompressStats } from '../compress-body.ts';
import { countTokens } from '../tokens/count.ts';
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
import { agentFromUserAgent, type RequestRecord, type StatsLedger } from './stats.ts';
import { EMPTY_USAGE, observeSse, usageOf, type Usage } from './usage.ts';

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
      scope = await sessionScope(body, request.headers);
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

  // Runtimes that cancel work left after the response (Workers) are told up front to wait for the record.
  let recorded: (written: Promise<unknown>) => void = () => {};
  platform.waitUntil?.(new Promise<unknown>((resolve) => { recorded = resolve; }));
  const record = (usage: Usage, completed: boolean) => {
    // Exact counting of a 100k-token block takes ~15 ms of this thread: run it in a later macrotask so the last
    // bytes of the response reach the client first.
    setTimeout(() => recorded(writeRecord(usage, completed)), 0);
  };
  const writeRecord = (usage: Usage, completed: boolean) => {
    if (stats) stats = countExactly(stats, texts, countTokens);
    const r: RequestRecord = {
      id, time: started, provider, path: url.pathname,
      model: typeof body?.model === 'string' ? body.model : undefined, stream: body?.stream === true,
      status: response.status, tokensBefore: stats?.tokensBefore ?? 0, tokensAfter: stats?.tokensAfter ?? 0,
      compressMs, upstreamMs, usage, completed, bypass, blocks: stats?.blocks ?? [], ids: stats?.ids ?? [], error,
      agent: agentFromUserAgent(request.headers.get('user-agent')),
    };
    return Promise.resolve(prefix).then((p) => deps.ledger.record(p ? { ...r, prefix: p } : r)).catch((err) => platform.log('warn', 'could not record stats', { err: String(err) }));
  };

  const type = response.headers.get('content-type') ?? '';
  if (!response.body) {
    record(EMPTY_USAGE, true);
    return response;
  }
  if (type.includes('text/event-stream')) {
    return new Response(observeSse(response.body, record), init(response));
  }
  // A JSON (or other) body: the client gets one branch, the other is read for usage. The record (with its exact
  // token counting) waits until the client's branch has been handed over in full.
  const [toClient, toUs] = response.body.tee();
  let clientEnded: () => void = () => {};
  const clientDone = new Promise<void>((resolve) => { clientEnded = resolve; });
  const usageRead = new Response(toUs).text().then(
    (text) => {
      try {
        return { usage: usageOf(JSON.parse(text), EMPTY_USAGE), completed: true };
      } catch {
        return { usage: EMPTY_USAGE, completed: true }; // not JSON: no usage to read
      }
    },
    () => ({ usage: EMPTY_USAGE, completed: false }),
  );
  // A consumer that never reads its branch (in-process `app.request` callers) must not hold the record forever.
  const clientOrLater = Promise.race([clientDone, usageRead.then(() => new Promise<void>((r) => setTimeout(r, 50)))]);
  void Promise.all([usageRead, clientOrLater]).then(([u]) => record(u.usage, u.completed));
  return new Response(tracked(toClient, clientEnded), init(response));
}

/** Passes a stream through and calls `onEnd` once it is finished, cancelled or failed. */
function tracked(stream: ReadableStream<Uint8Array>, onEnd: () => void): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          onEnd();
        } else controller.enqueue(value);
      } catch (err) {
        onEnd();
        throw err;
      }
    },
    cancel(reason) {
      onEnd();
      return reader.cancel(reason);
    },
  });
}

/**
 * A plain init, not the Response itself: @hono/node-server only takes its fast path for a plain init, and
 * otherwise waits a timer tick to guess a content-length (measured: +1.3 ms per request).
 */
function init(r: Response): ResponseInit {
  return { status: r.status, statusText: r.statusText, headers: r.headers };
}
