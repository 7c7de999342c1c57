/**
 * A scripted Responses WebSocket upstream on 127.0.0.1 for proxy tests: records every handshake and every frame
 * (exact bytes, text or binary, in order) and every close; answers `response.create` with scripted events, or
 * refuses the upgrade with a given HTTP status.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

/** An async queue: `next()` resolves with the next item pushed (or one already waiting). */
export class Inbox<T> {
  private items: T[] = [];
  private waiting: ((v: T) => void)[] = [];
  readonly all: T[] = [];
  push(v: T): void {
    this.all.push(v);
    const w = this.waiting.shift();
    if (w) w(v);
    else this.items.push(v);
  }
  next(): Promise<T> {
    const v = this.items.shift();
    return v !== undefined ? Promise.resolve(v) : new Promise((res) => this.waiting.push(res));
  }
}

export interface Frame {
  data: Buffer;
  binary: boolean;
}

export interface Handshake {
  path: string;
  headers: IncomingMessage['headers'];
  protocols: string[];
}

export interface FakeSocketUpstream {
  url: string;
  handshakes: Handshake[];
  frames: Inbox<Frame>;
  closes: Inbox<{ code: number; reason: string }>;
  sockets: Inbox<WebSocket>;
  /** Events sent back for each `response.create` (raw text frames, sent exactly); a function gets the event's number and text. */
  events: string[] | ((n: number, create: string) => string[]);
  /** Headers added to the 101 answer. */
  upgradeHeaders: Record<string, string>;
  /** Refuse the next upgrades with this raw HTTP answer. */
  refuse?: { status: number; body: string };
  close(): Promise<void>;
}

export function completedEvents(id = 'resp_1'): string[] {
  return [
    JSON.stringify({ type: 'response.created', response: { id, status: 'in_progress' } }),
    // A delta whose text looks like a terminal event must not end the response for the ledger.
    JSON.stringify({ type: 'response.output_text.delta', delta: 'not the end: "type":"response.completed"' }),
    JSON.stringify({ type: 'response.output_text.delta', delta: 'The card was declined.' }),
    JSON.stringify({ type: 'response.completed', response: { id, status: 'completed', usage: { input_tokens: 900, input_tokens_details: { cached_tokens: 600 }, output_tokens: 42, total_tokens: 942 } } }),
  ];
}

export async function startFakeSocketUpstream(): Promise<FakeSocketUpstream> {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('responses-v1') ? 'responses-v1' : false) });
  const fake: FakeSocketUpstream = {
    url: '', handshakes: [], frames: new Inbox(), closes: new Inbox(), sockets: new Inbox(),
    events: completedEvents(), upgradeHeaders: {}, close: async () => undefined,
  };
  wss.on('headers', (lines) => {
    for (const [k, v] of Object.entries(fake.upgradeHeaders)) lines.push(`${k}: ${v}`);
  });
  let creates = 0;
  const server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, socket, head) => {
    fake.handshakes.push({
      path: req.url ?? '', headers: req.headers,
      protocols: (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    });
    if (fake.refuse) {
      const body = Buffer.from(fake.refuse.body);
      socket.end(`HTTP/1.1 ${fake.refuse.status} Refused\r\ncontent-type: application/json\r\nx-request-id: req_refused\r\ncontent-length: ${body.length}\r\n\r\n${fake.refuse.body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.sockets.push(ws);
      ws.on('message', (data, binary) => {
        const buf = data as Buffer;
        fake.frames.push({ data: Buffer.from(buf), binary });
        const text = buf.toString('utf8');
        if (binary || !text.includes('"response.create"')) return;
        for (const e of typeof fake.events === 'function' ? fake.events(creates++, text) : fake.events) ws.send(e);
      });
      ws.on('close', (code, reason) => fake.closes.push({ code, reason: reason.toString() }));
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  fake.close = () => new Promise((res) => {
    for (const ws of wss.clients) ws.terminate();
    server.closeAllConnections();
    server.close(() => res());
  });
  return fake;
}
