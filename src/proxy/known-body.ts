/**
 * Responses whose body the proxy already holds — bytes read whole, or the stream it built — so it can take that
 * body again without the Response's `body` getter or `arrayBuffer()`. On Node those build a full undici Response
 * behind @hono/node-server's lightweight one (~50 µs each) and read bytes back through a web stream; on the
 * passthrough path that was a fifth of the proxy's own time. The Node HTTP client registers what it returns,
 * forward() keeps it registered when it rewraps, respond() takes it. Any other Response is read as usual.
 */
export type KnownBody = Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;

const known = new WeakMap<Response, KnownBody>();

/** A Response over `body`, whose body knownBody() returns later. */
export function responseWith(body: KnownBody, init: ResponseInit): Response {
  const response = new Response(body, init);
  known.set(response, body);
  return response;
}

export function knownBody(response: Response): KnownBody | undefined {
  return known.get(response);
}

/** The whole body: the known bytes, else read (rejects when the body breaks off). */
export async function responseBytes(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  const body = known.get(response);
  if (body instanceof Uint8Array) return body;
  return new Uint8Array(await (body ? new Response(body) : response).arrayBuffer());
}
