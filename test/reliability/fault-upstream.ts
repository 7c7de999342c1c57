/**
 * A fault-injecting provider on 127.0.0.1, on bare node:http so a test controls every byte and the socket itself:
 * never answer, answer then cut, drip, garbage. It counts open sockets so a test can prove the proxy leaks none.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Fault = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface FaultUpstream {
  url: string;
  /** Sockets currently open (the proxy's keep-alive pool included). */
  readonly open: number;
  /** Requests whose response was torn down before it finished (the proxy hung up). */
  readonly aborted: number;
  readonly requests: number;
  set(fault: Fault): void;
  close(): Promise<void>;
}

export async function startFaultUpstream(): Promise<FaultUpstream> {
  let fault: Fault = (_req, res) => { res.end('{}'); };
  const sockets = new Set<Socket>();
  let aborted = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.on('close', () => { if (!res.writableFinished) aborted++; });
      void Promise.resolve(fault(req, res, Buffer.concat(chunks))).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get open() { return sockets.size; },
    get aborted() { return aborted; },
    get requests() { return requests; },
    set: (f) => { fault = f; },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** SSE bytes of an Anthropic stream: `n` text deltas, then message_stop. */
export function anthropicEvents(n: number, text = 'chunk'): string[] {
  const ev = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    ev('message_start', { type: 'message_start', message: { id: 'msg_f', type: 'message', role: 'assistant', content: [], model: 'claude-x', usage: { input_tokens: 10, output_tokens: 0 } } }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...Array.from({ length: n }, (_, i) => ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${text} ${i} ` } })),
    ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: n } }),
    ev('message_stop', { type: 'message_stop' }),
  ];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds or `ms` pass (for effects that land a moment after the client sees its answer). */
export async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(20);
  }
  return true;
}
