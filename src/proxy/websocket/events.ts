/**
 * The Responses WebSocket protocol, as far as the gateway needs it. Over a socket on `/v1/responses` the client
 * sends `{"type":"response.create", …}` events carrying the same fields as a `POST /v1/responses` body at the top
 * level (Codex serialises `ResponsesWsRequest` with an internal `type` tag: codex-rs/codex-api/src/common.rs);
 * some clients nest them under `response` instead, as the Realtime API does. The server answers with the same
 * events the SSE stream carries, one per text frame, ending each response with `response.completed` /
 * `response.failed` / `response.incomplete`, or an `error` event.
 */
import { isObject, type JsonObject } from '../../providers/types.ts';

/** A `response.create` event and the object holding its request fields (the event itself or `event.response`). */
export interface ResponseCreate {
  event: JsonObject;
  request: JsonObject;
}

const CREATE = '"response.create"';

/** The `response.create` event in a client text frame, or undefined for any other frame (forwarded as is). */
export function parseResponseCreate(text: string): ResponseCreate | undefined {
  // Cheap test first: most other client frames (e.g. `response.processed`) are never parsed.
  if (!text.includes(CREATE)) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(event) || event.type !== 'response.create') return undefined;
  if (isObject(event.response) && !('input' in event)) return { event, request: event.response };
  return { event, request: event };
}

/** How a server event ends the response it belongs to, or undefined while that response is still running. */
export interface ResponseEnd {
  status: number;
  completed: boolean;
  error?: string;
}

const TERMINAL: Readonly<Record<string, ResponseEnd>> = {
  'response.completed': { status: 200, completed: true },
  'response.incomplete': { status: 200, completed: true },
  // The Realtime API's name for the end of a response.
  'response.done': { status: 200, completed: true },
};

function message(v: unknown): string | undefined {
  if (isObject(v) && typeof v.message === 'string') return v.message;
  return undefined;
}

export function responseEnd(event: JsonObject): ResponseEnd | undefined {
  const type = typeof event.type === 'string' ? event.type : '';
  const known = TERMINAL[type];
  if (known) return known;
  if (type === 'response.failed') {
    const response = isObject(event.response) ? event.response : {};
    return { status: 200, completed: true, error: `upstream response failed: ${message(response.error) ?? 'no reason given'}` };
  }
  if (type === 'error') {
    // Codex reads an HTTP-like `status` (alias `status_code`) on WebSocket error events, e.g. 429 or 400
    // (codex-rs/codex-api/src/endpoint/responses_websocket.rs, WrappedWebsocketErrorEvent); none means a server fault.
    const raw = event.status ?? event.status_code;
    const status = typeof raw === 'number' ? raw : 500;
    return { status, completed: true, error: `upstream error: ${message(event.error) ?? message(event) ?? 'no message'}` };
  }
  return undefined;
}
