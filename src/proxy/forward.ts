/**
 * Sends a request upstream and hands the upstream's answer back as it arrives: same status, same headers (minus
 * hop-by-hop), body streamed chunk by chunk. Failures to reach the upstream become 502/504 JSON errors; an
 * upstream error status is returned as is, never turned into a 200.
 */
import type { Platform } from '../platform.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.ts';
import { knownBody, responseWith } from './known-body.ts';
import { UpstreamError } from './errors.ts';

export interface ForwardInput {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | ReadableStream<Uint8Array> | null;
  signal?: AbortSignal;
  /** Answer 504 when the upstream has not sent its response headers within this many ms (the body is never timed). */
  headerTimeoutMs?: number;
}

export async function forward(platform: Platform, input: ForwardInput): Promise<Response> {
  // One signal for the upstream request: the client going away, or no headers in time. It must stay unaborted once
  // headers arrive, since aborting it then would also cut the body being streamed.
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(input.signal?.reason);
  if (input.signal?.aborted) onClientAbort();
  else input.signal?.addEventListener('abort', onClientAbort, { once: true });
  let timedOut = false;
  const timer = input.headerTimeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('no response headers in time', 'TimeoutError'));
  }, input.headerTimeoutMs);
  const init: RequestInit & { duplex?: 'half' } = {
    method: input.method,
    headers: upstreamRequestHeaders(input.headers),
    redirect: 'manual',
    signal: controller.signal,
  };
  if (input.body !== null && input.method !== 'GET' && input.method !== 'HEAD') {
    init.body = input.body as BodyInit;
    // Streaming request bodies need half-duplex in the fetch spec.
    if (input.body instanceof ReadableStream) init.duplex = 'half';
  }
  let upstream: Response;
  try {
    upstream = await platform.fetch(input.url, init);
  } catch (err) {
    input.signal?.removeEventListener('abort', onClientAbort);
    if (input.signal?.aborted) throw err;
    const origin = new URL(input.url).origin;
    if (timedOut) throw new UpstreamError(`${origin} sent no response headers within ${input.headerTimeoutMs} ms`, 504, err);
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || /timeout/i.test(String((err as { cause?: unknown }).cause ?? err.message)));
    throw new UpstreamError(`could not reach ${origin}: ${describe(err)}`, timeout ? 504 : 502, err);
  } finally {
    clearTimeout(timer);
  }
  // No statusText: reason phrases are optional in HTTP/1.1 and gone in HTTP/2, the Node client never has one, and
  // reading it off @hono/node-server's lightweight Response builds a full Response (~20 µs a request).
  const answer = { status: upstream.status, headers: clientResponseHeaders(upstream.headers) };
  const body = knownBody(upstream);
  return body ? responseWith(body, answer) : new Response(upstream.body, answer);
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${err.message} (${(cause as { code?: string }).code ?? cause.message})`;
  return err.message;
}
