/**
 * One relayed WebSocket, runtime-independent: client frames go upstream in arrival order, a `response.create`
 * event's live zone compressed exactly as `handleLlm` compresses a `POST /v1/responses` body (same session scope,
 * block cache and store, so over-the-wire bytes are stable across turns); every other frame — and any event with
 * nothing to change — leaves with the client's own bytes. Upstream frames are relayed by the runtime untouched and
 * only observed here, to record one ledger entry per response.
 */
import { compress, type CompressResult, type CompressStats } from '../../compress-body.ts';
import type { LlmDeps } from '../handle-llm.ts';
import { requestPath } from '../quiet.ts';
import { exactStats } from '../respond.ts';
import { sessionScope } from '../session.ts';
import type { PrefixCheck } from '../cache-aligner.ts';
import type { RequestRecord } from '../stats.ts';
import { EMPTY_USAGE, usageOf, type Usage } from '../usage.ts';
import { parseResponseCreate, responseEnd, type ResponseCreate, type ResponseEnd } from './events.ts';

export interface SocketRelayOptions {
  /** Path of the socket, e.g. `/v1/responses` (for the ledger). */
  path: string;
  /** The client's handshake headers: session id, `x-headroom-bypass`. */
  headers: Headers;
  /** Whether `response.create` events on this socket are compressed (true on the Responses path). */
  compress: boolean;
  /** Sends one frame upstream: the client's own bytes, or the re-serialised event when it changed. */
  send(data: Uint8Array | string, binary: boolean): void;
  /** Relaying broke (a send threw): the runtime closes both sides with 1011 and this reason. */
  fail(reason: string): void;
}

export interface SocketRelay {
  fromClient(data: Uint8Array, binary: boolean): void;
  /** A frame the runtime already passed to the client, read here for usage and the end of each response. */
  fromUpstream(data: Uint8Array, binary: boolean): void;
  /** The socket is gone: responses still running are recorded unfinished (499 if the client left, else 502). */
  end(by: 'client' | 'upstream'): void;
  /** Resolves when every client frame received so far has been sent upstream. */
  drained(): Promise<void>;
}

interface Pending {
  id: string;
  time: number;
  model?: string;
  stats?: CompressStats;
  /** The compressed texts, counted exactly once the response has ended. */
  texts?: CompressResult<unknown>['texts'];
  bypass: boolean;
  error?: string;
  prefix?: PrefixCheck;
  compressMs: number;
  sentAt: number;
  firstEventAt?: number;
  usage: Usage;
}

const PROVIDER = 'openai-responses';

// Terminal and error events; quotes inside JSON strings are escaped, so this cannot match inside a text delta.
const MAYBE_END = /"type"\s*:\s*"(?:response\.(?:completed|failed|incomplete|done)|error)"/;

function unfinished(p: Pending, by: 'client' | 'upstream'): ResponseEnd {
  return { status: p.firstEventAt ? 200 : by === 'client' ? 499 : 502, completed: false, error: `socket closed by the ${by} before the response ended` };
}

export function createSocketRelay(deps: LlmDeps, opts: SocketRelayOptions): SocketRelay {
  const { platform, config } = deps;
  const bypass = opts.headers.get('x-headroom-bypass') === '1' || !config.compression;
  const decoder = new TextDecoder();
  const open: Pending[] = [];
  let queued = 0;
  let closedBy: 'client' | 'upstream' | undefined;
  let tail: Promise<void> = Promise.resolve();

  const record = (p: Pending, end: ResponseEnd) => {
    const error = [p.error, end.error].filter(Boolean).join('; ') || undefined;
    const { stats: estimated, texts } = p;
    // As on HTTP (respond.ts): counted and written once no request is on its way in.
    const counted = requestPath.quiet().then(() => (estimated ? exactStats(estimated, texts ?? [], platform, requestPath) : undefined));
    p.texts = undefined;
    void counted.then((stats) => {
      const r: RequestRecord = {
        id: p.id, time: p.time, provider: PROVIDER, path: opts.path, model: p.model, stream: true,
        status: end.status, tokensBefore: stats?.tokensBefore ?? 0, tokensAfter: stats?.tokensAfter ?? 0,
        compressMs: p.compressMs, upstreamMs: (p.firstEventAt ?? platform.now()) - p.sentAt, usage: p.usage,
        completed: end.completed, bypass: p.bypass, blocks: stats?.blocks ?? [], ids: stats?.ids ?? [], error, prefix: p.prefix,
        ...(stats?.tokenCount === 'estimate' ? { tokenCount: 'estimate' as const } : {}),
      };
      return deps.ledger.record(r);
    }).catch((err) => platform.log('warn', 'could not record stats', { err: String(err) }));
  };

  /** Sends one client frame, compressing it first when it is a `response.create` event. */
  async function relay(data: Uint8Array, binary: boolean): Promise<void> {
    const create = !binary && opts.compress ? parseResponseCreate(decoder.decode(data)) : undefined;
    if (!create) return opts.send(data, binary);
    const leave = requestPath.enter();
    try {
      await sendCreate(create, data);
    } finally {
      leave();
    }
  }

  async function sendCreate(create: ResponseCreate, data: Uint8Array): Promise<void> {
    const started = platform.now();
    const p: Pending = {
      id: crypto.randomUUID(), time: started, bypass, compressMs: 0, sentAt: started, usage: EMPTY_USAGE,
      model: typeof create.request.model === 'string' ? create.request.model : undefined,
    };
    let out: Uint8Array | string = data;
    // A request chained with `previous_response_id` carries only the new items: its prefix lives upstream, and
    // comparing its `input` with a full request's would report changes that are not there.
    if (create.request.previous_response_id === undefined) p.prefix = await deps.aligner?.check(PROVIDER, create.request, opts.headers, opts.path);
    if (!bypass) {
      const diff = deps.diffs?.begin(PROVIDER, create.request);
      try {
        const scope = sessionScope(create.request, opts.headers);
        const r = await compress(create.request, {
          provider: PROVIDER, inPlace: true, store: deps.store, cache: { blocks: deps.blocks, scope }, minTokens: config.minTokens,
          countTokens: false, // counted exactly after the response, as on HTTP
          ...(deps.registry ? { registry: deps.registry } : {}), ...(config.compressBudgetMs ? { budgetMs: config.compressBudgetMs } : {}),
        });
        p.stats = r.stats;
        p.texts = r.texts;
        diff?.end(p.id, r.stats.blocks);
        // inPlace: the event object now holds the compressed request fields.
        if (r.changed) out = JSON.stringify(create.event);
      } catch (err) {
        // Fail open: the event goes out exactly as it came in.
        p.error = `compression failed: ${err instanceof Error ? err.message : String(err)}`;
        platform.log('error', p.error, { path: opts.path, transport: 'websocket' });
      }
    }
    p.compressMs = platform.now() - started;
    p.sentAt = platform.now();
    if (closedBy) return record(p, unfinished(p, closedBy));
    open.push(p);
    opts.send(out, false);
  }

  const settle = () => { queued--; };
  const broken = (err: unknown) => {
    queued--;
    const reason = `relay failed: ${err instanceof Error ? err.message : String(err)}`;
    platform.log('error', reason, { path: opts.path, transport: 'websocket' });
    opts.fail(reason);
  };

  return {
    fromClient(data, binary) {
      queued++;
      tail = tail.then(() => relay(data, binary)).then(settle, broken);
    },

    fromUpstream(data, binary) {
      const head = open[0];
      if (binary || !head) return;
      head.firstEventAt ??= platform.now();
      const text = decoder.decode(data);
      const usageMaybe = text.includes('"usage"');
      if (!usageMaybe && !MAYBE_END.test(text)) return;
      let event: unknown;
      try {
        event = JSON.parse(text);
      } catch {
        return; // not JSON: relayed all the same, nothing to read
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return;
      if (usageMaybe) head.usage = usageOf(event, head.usage);
      const end = responseEnd(event as Record<string, unknown>);
      if (end) record(open.shift()!, end);
    },

    end(by) {
      closedBy ??= by;
      for (const p of open.splice(0)) record(p, unfinished(p, by));
    },

    drained: () => (queued === 0 ? Promise.resolve() : tail),
  };
}
