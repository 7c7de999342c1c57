/**
 * The LLM routes (Anthropic Messages, OpenAI Chat, OpenAI Responses): read the body, compress its live zone
 * (cache-safe), forward, and stream the answer back while reading usage on the side. Anything we cannot or need
 * not change is forwarded byte-for-byte.
 */
import { compress, type CompressStats } from '../compress-body.ts';
import type { Platform } from '../platform.ts';
import type { ProviderName } from '../providers/types.ts';
import type { BlockCache } from '../store/block-cache.ts';
import type { Store } from '../store/store.ts';
import type { ProxyConfig } from './config.ts';
import { forward } from './forward.ts';
import { parseJsonObject, readBody } from './request-body.ts';
import { sessionScope } from './session.ts';
import type { RequestRecord, StatsLedger } from './stats.ts';
import { EMPTY_USAGE, observeSse, usageOf, type Usage } from './usage.ts';

export interface LlmDeps {
  platform: Platform;
  config: ProxyConfig;
  store: Store;
  blocks: BlockCache;
  ledger: StatsLedger;
}

const encoder = new TextEncoder();

export async function handleLlm(deps: LlmDeps, request: Request, provider: ProviderName, upstreamBase: string): Promise<Response> {
  const { platform, config } = deps;
  const url = new URL(request.url);
  const started = platform.now();
  const bytes = await readBody(request, config.maxBodyBytes);
  const bypass = request.headers.get('x-headroom-bypass') === '1' || !config.compression;
  const body = parseJsonObject(bytes);

  let outBytes: Uint8Array = bytes;
  let stats: CompressStats | undefined;
  let error: string | undefined;
  if (body && !bypass) {
    try {
      const scope = await sessionScope(body, request.headers);
      const r = await compress(body, {
        provider, inPlace: true, store: deps.store, cache: { blocks: deps.blocks, scope }, minTokens: config.minTokens,
      });
      stats = r.stats;
      if (r.changed) outBytes = encoder.encode(JSON.stringify(r.body));
    } catch (err) {
      // Fail open: the request goes out exactly as it came in.
      error = `compression failed: ${err instanceof Error ? err.message : String(err)}`;
      platform.log('error', error, { path: url.pathname });
      outBytes = bytes;
    }
  }
  const compressMs = platform.now() - started;

  const response = await forward(platform, {
    method: request.method, url: upstreamBase + url.pathname + url.search, headers: request.headers, body: outBytes, signal: request.signal,
  });
  const upstreamMs = platform.now() - started - compressMs;

  const record = (usage: Usage, completed: boolean) => {
    const r: RequestRecord = {
      id: crypto.randomUUID(), time: started, provider, path: url.pathname,
      model: typeof body?.model === 'string' ? body.model : undefined, stream: body?.stream === true,
      status: response.status, tokensBefore: stats?.tokensBefore ?? 0, tokensAfter: stats?.tokensAfter ?? 0,
      compressMs, upstreamMs, usage, completed, bypass, blocks: stats?.blocks ?? [], ids: stats?.ids ?? [], error,
    };
    deps.ledger.record(r).catch((err) => platform.log('warn', 'could not record stats', { err: String(err) }));
  };

  const type = response.headers.get('content-type') ?? '';
  if (!response.body) {
    record(EMPTY_USAGE, true);
    return response;
  }
  if (type.includes('text/event-stream')) {
    return new Response(observeSse(response.body, record), response);
  }
  // A JSON (or other) body: the client gets one branch, the other is read for usage.
  const [toClient, toUs] = response.body.tee();
  new Response(toUs).text().then(
    (text) => {
      let usage = EMPTY_USAGE;
      try {
        usage = usageOf(JSON.parse(text), usage);
      } catch {
        // not JSON: no usage to read
      }
      record(usage, true);
    },
    () => record(EMPTY_USAGE, false),
  );
  return new Response(toClient, response);
}
