/**
 * The retrieval loop. Streaming: upstream events are re-emitted as they arrive, the dialect holds back only the
 * events of a `headroom_retrieve` call; when the upstream round ends on such a call, the gateway looks the
 * original up, sends the continuation request and keeps streaming its events in the same client response.
 * Non-streaming: the same loop over JSON replies, merged into one. At most `maxRounds` continuations.
 */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { RetrieveCall, ToolAnswer } from './answer.ts';
import type { JsonDialect, StreamDialect } from './dialect.ts';
import { readEvents } from './sse.ts';

export const MAX_ROUNDS = 3;

export interface LoopDeps {
  /** Sends a continuation body upstream (same URL and headers as the client's request). */
  send(body: JsonObject, signal: AbortSignal): Promise<Response>;
  answer(calls: RetrieveCall[]): Promise<ToolAnswer[]>;
  /** The client's request signal: a disconnect aborts whatever upstream request is running. */
  signal?: AbortSignal;
  maxRounds?: number;
}

const encoder = new TextEncoder();

export function retrievalStream(first: Response, body: JsonObject, dialect: StreamDialect, deps: LoopDeps): ReadableStream<Uint8Array> {
  const own = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, own.signal]) : own.signal;
  const maxRounds = deps.maxRounds ?? MAX_ROUNDS;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  async function* run(): AsyncGenerator<string> {
    let res = first;
    let current = body;
    for (let n = 0; ; n++) {
      const round = dialect.round(n, n < maxRounds);
      for await (const events of readEvents(res.body!, (r) => { reader = r; })) {
        let out = '';
        for (const ev of events) out += round.event(ev);
        if (out) yield out;
      }
      const end = round.end();
      if (end.tail) yield end.tail;
      if (!end.calls) return;
      current = end.next(current, await deps.answer(end.calls));
      let next: Response;
      try {
        next = await deps.send(current, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        yield dialect.error(`headroom: retrieval continuation failed: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (!next.ok || !next.body || !(next.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const text = await next.text().catch(() => '');
        yield dialect.error(`headroom: retrieval continuation failed with upstream status ${next.status}`, upstreamError(text));
        return;
      }
      res = next;
    }
  }

  const gen = run();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await gen.next();
      if (r.done) controller.close();
      else controller.enqueue(encoder.encode(r.value));
    },
    async cancel(reason) {
      own.abort(reason);
      await reader?.cancel(reason).catch(() => undefined);
      await gen.return(undefined).catch(() => undefined);
    },
  });
}

/** Non-streaming: runs the loop over JSON replies. The first reply's bytes go back untouched when nothing is ours. */
export async function retrievalJson(first: Response, body: JsonObject, dialect: JsonDialect, deps: LoopDeps): Promise<Response> {
  const own = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, own.signal]) : own.signal;
  const firstText = await first.text();
  let reply = parseObject(firstText);
  if (!reply) return new Response(firstText, first);
  const replies = [reply];
  let current = body;
  for (let n = 0; n < (deps.maxRounds ?? MAX_ROUNDS); n++) {
    const calls = dialect.calls(reply);
    if (!calls) break;
    current = dialect.next(current, reply, await deps.answer(calls));
    const res = await deps.send(current, signal);
    const text = await res.text();
    // The continuation's failure is the answer's failure: its real status and body, never a merged 200.
    if (!res.ok) return new Response(text, res);
    const parsed = parseObject(text);
    if (!parsed) return new Response(text, res);
    replies.push((reply = parsed));
  }
  if (replies.length === 1) return new Response(firstText, first);
  return new Response(JSON.stringify(dialect.merge(replies)), first);
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The upstream's own error object when its body is `{error: {...}}`, so the client sees the real cause. */
function upstreamError(text: string): JsonObject | undefined {
  const v = parseObject(text);
  return v && isObject(v.error) ? v.error : undefined;
}
