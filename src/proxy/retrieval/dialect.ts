/**
 * What each provider format supplies to the retrieval loop. The loop (continuation.ts) is format-agnostic; a
 * dialect knows how its events look, which tool calls are ours, and how a continuation request is built.
 */
import type { JsonObject } from '../../providers/types.ts';
import type { RetrieveCall, ToolAnswer } from './answer.ts';
import type { SseEvent } from './sse.ts';

/** How one upstream round ended. */
export type RoundEnd =
  /** The answer is complete; `tail` (possibly '') is the last text for the client. */
  | { tail: string; calls?: undefined }
  /** The model called only `headroom_retrieve`: answer `calls`, then send `next(body, answers)` upstream. */
  | { tail: string; calls: RetrieveCall[]; next(body: JsonObject, answers: ToolAnswer[]): JsonObject };

export interface StreamRound {
  /** One upstream event in, the text to send the client now out ('' to hold or drop it). */
  event(ev: SseEvent): string;
  /** The upstream stream ended cleanly. */
  end(): RoundEnd;
}

export interface StreamDialect {
  /** Round `n` (0 = the client's own request); `intercept` is false once the round limit is reached. */
  round(n: number, intercept: boolean): StreamRound;
  /** The provider's in-stream error event, ending the client's stream honestly. */
  error(message: string, upstream?: JsonObject): string;
}

export interface JsonDialect {
  /** The calls to answer when the reply's only tool calls are `headroom_retrieve`; else undefined. */
  calls(reply: JsonObject): RetrieveCall[] | undefined;
  next(body: JsonObject, reply: JsonObject, answers: ToolAnswer[]): JsonObject;
  /** All rounds' replies as one reply: content joined in order (our calls left out), usage summed. */
  merge(replies: JsonObject[]): JsonObject;
}

export interface Dialect {
  stream(): StreamDialect;
  json: JsonDialect;
}
