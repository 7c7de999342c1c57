/** The one place proxy errors become HTTP responses: a JSON body shaped like the providers' own errors. */
import { HeadroomError } from '../errors.ts';

export class UpstreamError extends HeadroomError {
  constructor(message: string, status: number, cause?: unknown) {
    super('upstream_error', `headroom proxy: ${message}`, { status, retryable: true, cause });
    this.name = 'UpstreamError';
  }
}

export class PayloadTooLargeError extends HeadroomError {
  constructor(limit: number) {
    super('request_too_large', `headroom proxy: request body exceeds the ${limit}-byte limit`, { status: 413 });
    this.name = 'PayloadTooLargeError';
  }
}

/** `{ type: "error", error: { type, message } }` — both Anthropic and OpenAI clients surface `error.message`. */
export function errorResponse(err: unknown): Response {
  const e = err instanceof HeadroomError ? err : new HeadroomError('internal_error', `headroom proxy: ${err instanceof Error ? err.message : String(err)}`);
  return new Response(JSON.stringify({ type: 'error', error: { type: e.code, message: e.message } }), {
    status: e.status,
    headers: { 'content-type': 'application/json', 'x-headroom-error': e.code },
  });
}
