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
import { EMPTY_USAGE, observeSse, usageOf, type Usage } from './usage.ts';

/** The record's fields known before the answer arrives. */
export type RecordHead = Pick<RequestRecord, 'id' | 'time' | 'provider' | 'path' | 'model' | 'stream' | 'compressMs' | 'upstreamMs' | 'bypass' | 'error' | 'agent'>;

export interface Compressed {
  stats: CompressStats | undefined;
  texts: CompressResult<unknown>['texts'];
  /** The cache aligner's verdict, still being worked out beside the request. */
  prefix: PrefixCheck | Promise<PrefixCheck | undefined> | undefined;
}

export function respond(
  deps: { ledger: StatsLedger; platform: Platform; quiet: QuietGate },
  head: RecordHead,
  compressed: Compressed,
  response: Response,
  /** Called once the answer is handed back: a JSON body written out in full, a stream as soon as it starts. */
  handedBack: () => void = () => {},
): Response {
  const { platform, quiet } = deps;
  const status = response.status;
  // Runtimes that cancel work left after the response (Workers) are told up front to wait for the record.
  let recorded: (written: Promise<unknown>) => void = () => {};
  platform.waitUntil?.(new Promise<unknown>((resolve) => { recorded = resolve; }));
  const writeRecord = async (usage: Usage, completed: boolean) => {
    try {
      const stats = compressed.stats && await exactStats(compressed.stats, compressed.texts, platform, quiet);
      const r: RequestRecord = {
        ...head, status, tokensBefore: stats?.tokensBefore ?? 0, tokensAfter: stats?.tokensAfter ?? 0,
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
  // A later macrotask: the last bytes of the response reach the client first.
  const record = (usage: Usage, completed: boolean) => {
    setTimeout(() => recorded(writeRecord(usage, completed)), 0);
  };

  const type = response.headers.get('content-type') ?? '';
  if (!response.body) {
    handedBack();
    record(EMPTY_USAGE, true);
    return response;
  }
  if (type.includes('text/event-stream')) {
    // A stream can last minutes; its events are relayed as they come, with bookkeeping between them.
    handedBack();
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
  void clientOrLater.then(handedBack);
  void Promise.all([usageRead, clientOrLater]).then(([u]) => record(u.usage, u.completed));
  return new Response(tracked(toClient, clientEnded), init(response));
}

/**
 * The record's exact token counts, never on a request's way: on the runtime's counting thread where it has one,
 * else in short slices run while no request is on its request path.
 */
export function exactStats(stats: CompressStats, texts: CompressResult<unknown>['texts'], platform: Platform, quiet: QuietGate): Promise<CompressStats> {
  const offThread = platform.countTokens;
  return countExactly(stats, texts, offThread ?? (async (text) => {
    await quiet.quiet();
    return countTokensSliced(text, { yieldTo: () => quiet.quiet() });
  }));
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
