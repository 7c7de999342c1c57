/**
 * The second half of an LLM request: hand the upstream's answer to the client as it arrives, read usage on the side,
 * and write the request's record once the answer is complete (or cut). Kept apart from handle-llm.ts so the
 * closures alive for the length of a stream hold only what the record needs, never the request body.
 */
import { countExactly, type CompressResult, type CompressStats } from '../compress-body.ts';
import type { Platform } from '../platform.ts';
import { countTokensSliced } from '../tokens/count-sliced.ts';
import type { PrefixCheck } from './cache-aligner.ts';
import type { QuietGate } from './quiet.ts';
import type { RequestRecord, StatsLedger } from './stats.ts';
import { knownBody, responseBytes } from './known-body.ts';
import { UpstreamError } from './errors.ts';
import { EMPTY_USAGE, observeSse, usageOf, type Usage } from './usage.ts';

/** The record's fields known before the answer arrives. */
export type RecordHead = Pick<RequestRecord, 'id' | 'time' | 'provider' | 'path' | 'model' | 'stream' | 'compressMs' | 'upstreamMs' | 'bypass' | 'error' | 'agent'>;

export interface Compressed {
  stats: CompressStats | undefined;
  texts: CompressResult<unknown>['texts'];
  /** The cache aligner's verdict, still being worked out beside the request. */
  prefix: PrefixCheck | Promise<PrefixCheck | undefined> | undefined;
}

/** How the answer ended, for the record; status and error override the head's when the proxy had to answer itself. */
interface Outcome {
  usage: Usage;
  completed: boolean;
  status?: number;
  error?: string;
}

export function respond(
  deps: { ledger: StatsLedger; platform: Platform; quiet: QuietGate },
  head: RecordHead,
  compressed: Compressed,
  response: Response,
  /** Called once the answer is handed back: a JSON body written out in full, a stream as soon as it starts. */
  handedBack: () => void = () => {},
): Response | Promise<Response> {
  const { platform, quiet } = deps;
  const status = response.status;
  // Runtimes that cancel work left after the response (Workers) are told up front to wait for the record.
  let recorded: (written: Promise<unknown>) => void = () => {};
  platform.waitUntil?.(new Promise<unknown>((resolve) => { recorded = resolve; }));
  // Written once no request is on its way in (which is also always a later macrotask, so the last bytes of the
  // answer reach the client first); the outcome is read only then (e.g. parsing a JSON answer for its usage).
  const writeRecord = async (ended: () => Outcome) => {
    try {
      await quiet.quiet();
      const { usage, completed, ...outcome } = ended();
      const stats = compressed.stats && await exactStats(compressed.stats, compressed.texts, platform, quiet);
      const r: RequestRecord = {
        ...head, status, ...outcome, tokensBefore: stats?.tokensBefore ?? 0, tokensAfter: stats?.tokensAfter ?? 0,
        usage, completed, blocks: stats?.blocks ?? [], ids: stats?.ids ?? [],
        ...(stats?.tokenCount === 'estimate' ? { tokenCount: 'estimate' as const } : {}),
      };
      if (r.error === undefined) delete r.error;
      const prefix = await compressed.prefix;
      await deps.ledger.record(prefix ? { ...r, prefix } : r);
    } catch (err) {
      platform.log('warn', 'could not record stats', { err: String(err) });
    }
  };
  const record = (ended: () => Outcome) => recorded(writeRecord(ended));

  const type = response.headers.get('content-type') ?? '';
  // A body in hand skips the `body` getter (see known-body.ts).
  const known = knownBody(response);
  const body = known instanceof Uint8Array ? undefined : known ?? response.body;
  if (body === null) {
    handedBack();
    record(() => ({ usage: EMPTY_USAGE, completed: true }));
    return response;
  }
  if (body && type.includes('text/event-stream')) {
    // A stream can last minutes; its events are relayed as they come, with bookkeeping between them.
    handedBack();
    return new Response(observeSse(body, (usage, completed) => record(() => ({ usage, completed }))), init(response));
  }
  // A JSON (or other) answer is read whole and handed back in one write: one stream hop instead of a tee into two
  // (the passthrough's largest cost after the upstream hop), and usage is read from the same bytes. An answer cut
  // short becomes a 502 JSON error, never a truncated 200 a client could mistake for a complete answer.
  return responseBytes(response).then(
    (bytes) => {
      handedBack();
      record(() => ({ usage: usageOfBytes(bytes), completed: true }));
      return new Response(bytes, init(response));
    },
    (err: unknown) => {
      handedBack();
      const e = new UpstreamError(`the upstream's ${status} answer broke off before its end: ${err instanceof Error ? err.message : String(err)}`, 502, err);
      record(() => ({ usage: EMPTY_USAGE, completed: false, status: 502, error: e.message }));
      throw e;
    },
  );
}

const decoder = new TextDecoder();

/** Usage from a JSON answer; an answer that is not JSON has none. */
function usageOfBytes(bytes: Uint8Array): Usage {
  try {
    return usageOf(JSON.parse(decoder.decode(bytes)), EMPTY_USAGE);
  } catch {
    return EMPTY_USAGE;
  }
}

/**
 * The record's exact token counts, never on a request's way: on the runtime's counting thread where it has one,
 * else in short slices run while no request is on its request path.
 */
export function exactStats(stats: CompressStats, texts: CompressResult<unknown>['texts'], platform: Platform, quiet: QuietGate): Promise<CompressStats> {
  const offThread = platform.countTokens;
  return countExactly(stats, texts, offThread ?? (async (text) => {
    await quiet.quiet();
    // Between slices a busy process waits at most 10 ms: a 400 KB text is ~200 slices.
    return countTokensSliced(text, { yieldTo: () => quiet.quiet(10) });
  }));
}

/**
 * A plain init, not the Response itself: @hono/node-server only takes its fast path for a plain init, and
 * otherwise waits a timer tick to guess a content-length (measured: +1.3 ms per request).
 */
function init(r: Response): ResponseInit {
  return { status: r.status, headers: r.headers }; // no statusText: see forward.ts
}
