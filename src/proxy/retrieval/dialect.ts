/**
 * What each provider format supplies to the gateway-tool loop. The loop (continuation.ts) is format-agnostic; a
 * dialect knows how its events look, which tool calls are ours (by the names offered), and how a continuation
 * request is built.
 */
import type { JsonObject } from '../../providers/types.ts';
import type { ToolAnswer, ToolCall } from './answer.ts';
import type { SseEvent } from './sse.ts';

/** How one upstream round ended. */
export type RoundEnd =
  /** The answer is complete; `tail` (possibly '') is the last text for the client. */
  | { tail: string; calls?: undefined }
  /** The model called only gateway tools: answer `calls`, then send `next(body, answers)` upstream. */
  | { tail: string; calls: ToolCall[]; next(body: JsonObject, answers: ToolAnswer[]): JsonObject };

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
  /** The calls to answer when the reply's only tool calls are to gateway tools; else undefined. */
  calls(reply: JsonObject): ToolCall[] | undefined;
  next(body: JsonObject, reply: JsonObject, answers: ToolAnswer[]): JsonObject;
  /** All rounds' replies as one reply: content joined in order (our calls left out), usage summed. */
  merge(replies: JsonObject[]): JsonObject;
}

/** Names of the gateway tools offered on this request: calls to them are ours, every other call is the client's. */
export type OurTools = ReadonlySet<string>;

export interface Dialect {
  stream(ours: OurTools): StreamDialect;
  json(ours: OurTools): JsonDialect;
}
