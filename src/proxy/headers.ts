/**
 * Which headers cross the proxy. Hop-by-hop headers are connection-specific and must not be forwarded
 * (RFC 9110 §7.6.1), nor any header the Connection header names; our own `x-headroom-*` controls stay here.
 */

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'host', 'content-length',
]);

/** Headers to send upstream: everything the client sent except hop-by-hop and headroom's own. */
export function upstreamRequestHeaders(incoming: Headers): Headers {
  const named = (incoming.get('connection') ?? '').toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
  const out = new Headers();
  incoming.forEach((value, key) => {
    if (HOP_BY_HOP.has(key) || named.includes(key) || key.startsWith('x-headroom-')) return;
    out.set(key, value);
  });
  // The response body is piped through as bytes; ask for it unencoded so no layer decodes it behind our back.
  out.set('accept-encoding', 'identity');
  return out;
}

/** Headers to return to the client: the upstream's, minus hop-by-hop and encodings the fetch layer already undid. */
export function clientResponseHeaders(upstream: Headers): Headers {
  const out = new Headers();
  upstream.forEach((value, key) => {
    if (HOP_BY_HOP.has(key) || key === 'content-encoding') return;
    out.append(key, value);
  });
  return out;
}
