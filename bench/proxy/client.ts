/**
 * The timing client: undici's low-level `request` on a keep-alive pool, the same for direct and proxied requests,
 * so whatever it costs cancels out of (proxy − direct).
 */
import { Agent, request } from 'undici';

export interface Timed {
  status: number;
  /** Request start → first body byte. */
  ttfbMs: number;
  /** Request start → last body byte. */
  totalMs: number;
  body: Buffer;
}

export interface BenchRequest {
  path: string;
  body: Uint8Array | string;
  headers?: Record<string, string>;
}

const agent = new Agent({ keepAliveTimeout: 60_000, connections: 256, pipelining: 1 });

export async function timed(origin: string, req: BenchRequest): Promise<Timed> {
  const t0 = performance.now();
  const res = await request(origin + req.path, {
    method: 'POST', dispatcher: agent, body: req.body,
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-bench', ...req.headers },
  });
  let ttfb = -1;
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) {
    if (ttfb < 0) ttfb = performance.now() - t0;
    chunks.push(chunk as Buffer);
  }
  const total = performance.now() - t0;
  return { status: res.statusCode, ttfbMs: ttfb < 0 ? total : ttfb, totalMs: total, body: Buffer.concat(chunks) };
}

export async function closeClient(): Promise<void> {
  await agent.close();
}
