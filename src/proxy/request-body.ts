/** Reads a request body as bytes, refusing bodies over the configured limit before buffering them all. */
import { PayloadTooLargeError } from './errors.ts';

export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  // A declared length within the limit bounds what can arrive (HTTP/1.1 framing ends the body there), so the body
  // is read in one call: on Node, @hono/node-server then reads the socket directly instead of through a web
  // stream (measured ~0.15 ms per request on the passthrough path). Chunked bodies are counted as they stream.
  if (Number.isFinite(declared) && declared >= 0) return new Uint8Array(await request.arrayBuffer());
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON object body; `undefined` for anything else (the caller then forwards the bytes untouched). */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(strict.decode(bytes));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
