/**
 * The bench's fake provider: plain node:http on 127.0.0.1 (the least overhead we can put on the far side, so what
 * we measure is the proxy). Request headers script the reply: `x-bench-reply: json` (default) or `sse` with
 * `x-bench-events`, `x-bench-drip-ms` and `x-bench-stream` (an id under which the exact bytes sent are kept, so the
 * client can byte-compare what reached it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchUpstream {
  url: string;
  /** Exact bytes written for each `x-bench-stream` id. */
  sent: Map<string, Buffer>;
  /** Body size of the last request received (to check the proxy really forwarded a smaller body). */
  lastBodyBytes: number;
  /** TCP connections accepted since the last `resetConnections()`. */
  connections: number;
  resetConnections(): void;
  close(): Promise<void>;
}

const JSON_REPLY = Buffer.from(JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: 'claude-bench',
  content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn',
  usage: { input_tokens: 12, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 1 },
}));

/** One Anthropic-shaped event; the payload varies with stream id and index so a swapped or torn event is caught. */
function event(stream: string, i: number, total: number): string {
  if (i === 0) {
    const message = { id: `msg_${stream}`, type: 'message', role: 'assistant', model: 'claude-bench', content: [], usage: { input_tokens: 12, output_tokens: 0 } };
    return `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n`;
  }
  if (i === total - 1) return `event: message_stop\ndata: {"type":"message_stop","usage":{"output_tokens":${total}}}\n\n`;
  const text = `${stream}:${i} `.padEnd(40 + ((i * 37) % 120), 'abcdefghij');
  return `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`;
}

function replySse(req: IncomingMessage, res: ServerResponse, sent: Map<string, Buffer>): void {
  const total = Math.max(2, Number(req.headers['x-bench-events'] ?? 4));
  const drip = Number(req.headers['x-bench-drip-ms'] ?? 0);
  const id = String(req.headers['x-bench-stream'] ?? 's');
  const parts: Buffer[] = [];
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${id}` });
  let i = 0;
  const next = (): void => {
    const chunk = Buffer.from(event(id, i, total));
    parts.push(chunk);
    res.write(chunk);
    if (++i === total) {
      sent.set(id, Buffer.concat(parts));
      res.end();
    } else setTimeout(next, drip);
  };
  next(); // the first event goes out with the headers, at once
}

export async function startBenchUpstream(): Promise<BenchUpstream> {
  const sent = new Map<string, Buffer>();
  const state = { lastBodyBytes: 0, connections: 0 };
  const server = createServer({ keepAliveTimeout: 60_000, noDelay: true }, (req, res) => {
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.byteLength; });
    req.on('end', () => {
      state.lastBodyBytes = size;
      if (req.headers['x-bench-reply'] === 'sse') return replySse(req, res, sent);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': JSON_REPLY.byteLength, 'request-id': 'req_bench' });
      res.end(JSON_REPLY);
    });
  });
  server.on('connection', () => { state.connections++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    get lastBodyBytes() { return state.lastBodyBytes; },
    get connections() { return state.connections; },
    resetConnections: () => { state.connections = 0; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
