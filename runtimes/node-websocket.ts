/**
 * WebSocket upgrades on Node (Codex speaks Responses over a WebSocket on `/v1/responses`): the upstream socket is
 * opened first, so the client's handshake only succeeds when the upstream's did — an unreachable upstream is a
 * 502, an upstream refusal (401, 429, …) comes back with its own status, headers and body. Once both are open,
 * frames are relayed in order both ways (client frames through the web-standard relay, which compresses
 * `response.create`), close codes and reasons cross over, and errors close the other side with 1011. In gateway
 * mode the handshake passes the gateway's key check first and the socket is served with its key's tenant state.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { UpgradeGate } from '../src/auth/upgrade.ts';
import type { LlmDeps } from '../src/proxy/handle-llm.ts';
import { errorResponse, UpstreamError } from '../src/proxy/errors.ts';
import { createSocketRelay } from '../src/proxy/websocket/relay.ts';
import { clientSocketHeaders, offeredProtocols, upstreamSocketHeaders, upstreamSocketUrl } from '../src/proxy/websocket/upstream.ts';

/** Paths whose `response.create` events are compressed; other upgrade paths are relayed untouched. */
const RESPONSES_PATHS: ReadonlySet<string> = new Set(['/v1/responses']);

/** Headers of a raw HTTP response that must not be repeated on another connection (RFC 9110 §7.6.1). */
const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'trailer']);

interface Handshake {
  protocol: string | false;
  headers: [string, string][];
}

export interface SocketRelayOptions {
  /** Team gateway mode: checks each handshake's key (refusing with its 401 / 429) and picks the tenant's deps. */
  gate?: UpgradeGate<LlmDeps>;
}

export interface SocketRelayServer {
  /** Terminates every relayed socket (upgraded sockets are no longer the HTTP server's to close). */
  close(): void;
}

function headersOf(raw: string[]): Headers {
  const out = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) out.append(raw[i]!, raw[i + 1]!);
  return out;
}

/** The frame's bytes without copying (ws hands out a Buffer by default; the other shapes for completeness). */
function bytesOf(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

/** A close frame carries at most 123 bytes of reason (RFC 6455 §5.5). */
function reasonOf(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123 ? text : bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '…';
}

/** Codes an endpoint may put in a close frame (RFC 6455 §7.4): 1005, 1006 and 1015 only ever describe a closure. */
const sendable = (code: number) => (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999);

async function rejectWith(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`, 'connection: close', `content-length: ${body.length}`];
  response.headers.forEach((v, k) => { if (k !== 'content-length') lines.push(`${k}: ${v}`); });
  if (!socket.destroyed) socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

/** The upstream refused the upgrade: its status, headers and body go to the client as they came. */
function relayRefusal(socket: Duplex, res: IncomingMessage): void {
  const lines = [`HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}`, 'connection: close'];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(res.rawHeaders[i]!.toLowerCase())) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  // Without content-length the body ends with the connection, which `connection: close` announces.
  res.pipe(socket);
  res.on('error', () => socket.destroy());
}

/** Closes `peer` the way its counterpart closed: same code and reason, 1011 after an error, a cut for a cut. */
function closeLike(peer: WebSocket, code: number, reason: Buffer, error: string | undefined, cutReason: string | undefined): void {
  if (peer.readyState === WebSocket.CLOSING || peer.readyState === WebSocket.CLOSED) return;
  if (error) return peer.close(1011, reasonOf(`headroom: ${error}`));
  if (code === 1005) return peer.close();
  if (sendable(code)) return peer.close(code, reason);
  if (cutReason) return peer.close(1011, reasonOf(`headroom: ${cutReason} (${code})`));
  peer.terminate();
}

export function attachWebSocketRelay(server: Server, deps: LlmDeps, opts: SocketRelayOptions = {}): SocketRelayServer {
  // Config and logging are the process's; the store, block cache and ledger are the socket's (its tenant's in gateway mode).
  const { platform, config } = deps;
  const handshakes = new WeakMap<IncomingMessage, Handshake>();
  const live = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxBodyBytes,
    handleProtocols: (_offered, req) => handshakes.get(req)?.protocol ?? false,
  });
  wss.on('headers', (lines, req) => {
    for (const [k, v] of handshakes.get(req)?.headers ?? []) lines.push(`${k}: ${v}`);
  });

  function wire(client: WebSocket, upstream: WebSocket, early: [Buffer, boolean][], path: string, headers: Headers, socketDeps: LlmDeps): void {
    live.add(client);
    live.add(upstream);
    let clientError: string | undefined;
    let upstreamError: string | undefined;
    const relay = createSocketRelay(socketDeps, {
      path, headers, compress: RESPONSES_PATHS.has(path),
      send: (data, binary) => { if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary }); },
      fail: (reason) => {
        client.close(1011, reasonOf(`headroom: ${reason}`));
        upstream.close(1011, reasonOf(`headroom: ${reason}`));
      },
    });
    const toClient = (data: Buffer, binary: boolean) => {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary });
      relay.fromUpstream(data, binary);
    };
    for (const [data, binary] of early) toClient(data, binary);
    upstream.on('message', (data, binary) => toClient(bytesOf(data), binary));
    client.on('message', (data, binary) => relay.fromClient(bytesOf(data), binary));
    client.on('error', (err) => { clientError = `client error: ${err.message}`; });
    upstream.on('error', (err) => { upstreamError = `upstream error: ${err.message}`; });
    client.on('close', (code, reason) => {
      live.delete(client);
      relay.end('client');
      // A client that vanished (1006) leaves no one to explain anything to: the upstream is cut too.
      closeLike(upstream, code, reason, clientError, undefined);
    });
    upstream.on('close', (code, reason) => {
      live.delete(upstream);
      relay.end('upstream');
      closeLike(client, code, reason, upstreamError, 'upstream connection closed abnormally');
    });
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      return rejectWith(socket, errorResponse(new UpstreamError(`unsupported upgrade "${req.headers.upgrade}"`, 400)));
    }
    const url = new URL(req.url ?? '/', 'http://gateway');
    let headers = headersOf(req.rawHeaders);
    let socketDeps = deps;
    if (opts.gate) {
      // Before any upstream connection: a refused key costs the upstream nothing and never reaches it.
      const grant = await opts.gate(headers, url.pathname);
      if (grant instanceof Response) return rejectWith(socket, grant);
      if (socket.destroyed) return;
      ({ headers, deps: socketDeps } = grant);
    }
    const target = upstreamSocketUrl(config.upstreams.openai, url.pathname + url.search);
    const protocols = offeredProtocols(headers);
    const upstream = new WebSocket(target, protocols, {
      headers: Object.fromEntries(upstreamSocketHeaders(headers)), handshakeTimeout: 30_000,
    });
    let upgradeHeaders: Headers = new Headers();
    let settled = false;
    // Upstream frames that arrive between its open and the client's handshake are kept, in order.
    const early: [Buffer, boolean][] = [];
    const keepEarly = (data: RawData, binary: boolean) => early.push([bytesOf(data), binary]);
    const clientGone = () => { if (!settled) { settled = true; upstream.terminate(); } };
    socket.once('close', clientGone);

    upstream.once('upgrade', (res) => { upgradeHeaders = headersOf(res.rawHeaders); });
    upstream.once('unexpected-response', (_request, res) => {
      settled = true;
      socket.off('close', clientGone);
      relayRefusal(socket, res);
    });
    upstream.once('error', (err) => {
      if (settled) return;
      settled = true;
      socket.off('close', clientGone);
      platform.log('warn', 'upstream WebSocket unreachable', { target, err: err.message });
      void rejectWith(socket, errorResponse(new UpstreamError(`upstream WebSocket ${target} unreachable: ${err.message}`, 502, err)));
    });
    upstream.once('open', () => {
      if (settled) return;
      settled = true;
      socket.off('close', clientGone);
      upstream.on('message', keepEarly);
      handshakes.set(req, { protocol: upstream.protocol || false, headers: clientSocketHeaders(upgradeHeaders) });
      let wired = false;
      wss.handleUpgrade(req, socket, head, (client) => {
        wired = true;
        upstream.off('message', keepEarly);
        wire(client, upstream, early, url.pathname, headers, socketDeps);
      });
      // Without a verifyClient hook ws completes a handshake synchronously; no callback means it refused the
      // client's handshake (bad key or version: ws answered 400) or found the socket gone. The upstream goes too.
      if (!wired) upstream.terminate();
    });
  }

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      platform.log('error', 'WebSocket upgrade failed', { err: err instanceof Error ? err.message : String(err) });
      socket.destroy();
    });
  };
  server.on('upgrade', upgrade);
  return {
    close() {
      server.off('upgrade', upgrade);
      for (const ws of live) ws.terminate();
      live.clear();
      wss.close();
    },
  };
}
