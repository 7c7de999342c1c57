/**
 * The gateway-tool loop. Streaming: upstream blocks go to the client as they arrive, as their own bytes unless the
 * dialect must change them (sse-relay.ts); the dialect holds back only the events of calls to gateway tools
 * (gateway-tools.ts: `headroom_retrieve`, `memory_save`, `memory_search`); when the upstream round ends on such
 * calls, the gateway answers them (answer.ts, each by its tool), sends the continuation request and keeps
 * streaming its events in the same client response. Non-streaming: the same loop over JSON replies,
 * merged into one. At most `maxRounds` continuations.
 *
 * A turn that calls gateway tools together with client tools is passed through unchanged, our call included,
 * although the client cannot run it (it answers with its own "no such tool" error result, and the model carries
 * on). Answering only our part is unsafe: the turn cannot be continued upstream before the client's results
 * exist, and hiding our call would make the client replay an assistant turn the model never produced (Anthropic
 * requires a tool_result for every tool_use of the turn, in the next user message — docs.anthropic.com, tool use;
 * OpenAI likewise for every tool_call id), so the gateway would have to splice our result into the client's next
 * request, keeping state across requests and changing bytes the provider has already cached.
 */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { ToolAnswer, ToolCall } from './answer.ts';
import type { JsonDialect, StreamDialect } from './dialect.ts';
import { relayRound } from './sse-relay.ts';

export const MAX_ROUNDS = 3;

export interface LoopDeps {
  /** Sends a continuation body upstream (same URL and headers as the client's request). */
  send(body: JsonObject, signal: AbortSignal): Promise<Response>;
  answer(calls: ToolCall[]): Promise<ToolAnswer[]>;
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

  async function* run(): AsyncGenerator<Uint8Array> {
    let res = first;
    let current = body;
    for (let n = 0; ; n++) {
      const round = dialect.round(n, n < maxRounds);
      const relayed = relayRound(res.body!, round, (r) => { reader = r; });
      yield* relayed.chunks;
      const end = round.end();
      if (end.tail) yield encoder.encode(end.tail);
      if (!end.calls) {
        // The answer ends here: bytes after the last complete block go on as they came (a client discards them).
        const rest = relayed.rest();
        if (rest) yield rest;
        return;
      }
      current = end.next(current, await deps.answer(end.calls));
      let next: Response;
      try {
        next = await deps.send(current, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        yield encoder.encode(dialect.error(`headroom: retrieval continuation failed: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      if (!next.ok || !next.body || !(next.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const text = await next.text().catch(() => '');
        yield encoder.encode(dialect.error(`headroom: retrieval continuation failed with upstream status ${next.status}`, upstreamError(text)));
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
      else controller.enqueue(r.value);
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
