/**
 * Sends a request upstream and hands the upstream's answer back as it arrives: same status, same headers (minus
 * hop-by-hop), body streamed chunk by chunk. Failures to reach the upstream become 502/504 JSON errors; an
 * upstream error status is returned as is, never turned into a 200.
 */
import type { Platform } from '../platform.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.ts';
import { UpstreamError } from './errors.ts';

export interface ForwardInput {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | ReadableStream<Uint8Array> | null;
  signal?: AbortSignal;
}

export async function forward(platform: Platform, input: ForwardInput): Promise<Response> {
  const init: RequestInit & { duplex?: 'half' } = {
    method: input.method,
    headers: upstreamRequestHeaders(input.headers),
    redirect: 'manual',
    signal: input.signal,
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
    if (input.signal?.aborted) throw err;
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || /timeout/i.test(String((err as { cause?: unknown }).cause ?? err.message)));
    throw new UpstreamError(`could not reach ${new URL(input.url).origin}: ${describe(err)}`, timeout ? 504 : 502, err);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: clientResponseHeaders(upstream.headers),
  });
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${err.message} (${(cause as { code?: string }).code ?? cause.message})`;
  return err.message;
}
