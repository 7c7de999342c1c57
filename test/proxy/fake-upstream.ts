/**
 * A scripted provider on 127.0.0.1 for proxy tests: records every request (method, path, headers, exact body
 * bytes) and answers from a script — JSON, SSE (optionally dripped), or an error status.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';

export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; events: string[]; delayMs?: number; cutAfter?: number }
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> };

export interface FakeUpstream {
  url: string;
  requests: Recorded[];
  /** How many SSE replies the receiving side cancelled (the proxy hung up on them). */
  readonly cancelled: number;
  /** Replies are taken in order; the last one repeats. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const requests: Recorded[] = [];
  let replies: Reply[] = [{ kind: 'json', body: { ok: true } }];
  let cancelled = 0;
  const app = new Hono();
  app.all('*', async (c) => {
    const body = Buffer.from(await c.req.arrayBuffer());
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => { headers[k] = v; });
    requests.push({ method: c.req.method, path: new URL(c.req.url).pathname + new URL(c.req.url).search, headers, body });
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply.kind === 'json') return c.json(reply.body as object, (reply.status ?? 200) as 200, reply.headers);
    if (reply.kind === 'raw') return c.body(reply.body, reply.status as 200, reply.headers);
    const enc = new TextEncoder();
    let stopped = false;
    const stream = new ReadableStream<Uint8Array>({
      cancel() {
        stopped = true;
        cancelled++;
      },
      async start(controller) {
        for (let i = 0; i < reply.events.length; i++) {
          if (stopped) return;
          if (reply.cutAfter !== undefined && i === reply.cutAfter) {
            controller.error(new Error('cut'));
            return;
          }
          controller.enqueue(enc.encode(reply.events[i]!));
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        }
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'request-id': 'req_fake_1' } });
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get cancelled() { return cancelled; },
    script: (...r) => { replies = r; },
    close: () => new Promise((res) => { (server as unknown as { closeAllConnections(): void }).closeAllConnections(); server.close(() => res()); }),
  };
}

/** A minimal Anthropic streamed answer with usage. */
export function anthropicStream(text: string, usage = { input_tokens: 1200, cache_read_input_tokens: 800, cache_creation_input_tokens: 100, output_tokens: 0 }): string[] {
  return [
    sse('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, usage } }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('ping', { type: 'ping' }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 42 } }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}
