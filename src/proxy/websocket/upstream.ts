/**
 * Where a client's WebSocket goes and with which headers. The upstream socket URL is the configured upstream with
 * its scheme switched to ws(s) and the client's path and query kept (RFC 6455 §3). Each hop negotiates its own
 * handshake (key, accept, extensions) — those `sec-websocket-*` headers never cross; the subprotocol list is
 * handed to the upstream connection and its choice returned to the client.
 */
import { clientResponseHeaders, upstreamRequestHeaders } from '../headers.ts';

/** `http://host/base` + `/v1/responses?x=1` → `ws://host/base/v1/responses?x=1` (https → wss). */
export function upstreamSocketUrl(upstreamBase: string, pathAndQuery: string): string {
  const url = new URL(upstreamBase + pathAndQuery);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

const isHandshakeHeader = (key: string) => key.startsWith('sec-websocket-');

/** Headers for the upstream handshake: auth, `openai-*` and the rest pass; hop-by-hop and headroom's own do not. */
export function upstreamSocketHeaders(incoming: Headers): Headers {
  const out = upstreamRequestHeaders(incoming);
  for (const key of [...out.keys()]) if (isHandshakeHeader(key)) out.delete(key);
  // upstreamRequestHeaders asks HTTP bodies for identity encoding; a handshake has no body, so send only what came.
  if (!incoming.has('accept-encoding')) out.delete('accept-encoding');
  return out;
}

/** The subprotocols the client offered (`Sec-WebSocket-Protocol`, comma-separated; RFC 6455 §11.3.4). */
export function offeredProtocols(incoming: Headers): string[] {
  return (incoming.get('sec-websocket-protocol') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Headers of the upstream's 101 to repeat to the client (request ids, rate limits, turn state), minus the handshake's own. */
export function clientSocketHeaders(upstream: Headers): [string, string][] {
  const out: [string, string][] = [];
  clientResponseHeaders(upstream).forEach((value, key) => {
    if (!isHandshakeHeader(key)) out.push([key, value]);
  });
  return out;
}
