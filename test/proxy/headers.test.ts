import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, upstreamRequestHeaders } from '../../src/proxy/headers.ts';

describe('header policy (RFC 9110 §7.6.1)', () => {
  it('drops hop-by-hop headers, headers named by Connection, and x-headroom-* controls', () => {
    const h = upstreamRequestHeaders(new Headers({
      connection: 'keep-alive, x-trace-hop', 'keep-alive': 'timeout=5', 'x-trace-hop': '1', te: 'trailers', host: 'localhost:8787',
      'content-length': '12', 'x-headroom-bypass': '1', 'x-api-key': 'sk', authorization: 'Bearer t', 'anthropic-version': '2023-06-01',
      'anthropic-beta': 'x', 'openai-organization': 'org', 'accept-encoding': 'gzip, br',
    }));
    expect([...h.keys()].sort()).toEqual(['accept-encoding', 'anthropic-beta', 'anthropic-version', 'authorization', 'openai-organization', 'x-api-key']);
    expect(h.get('accept-encoding')).toBe('identity');
  });

  it('returns upstream headers minus hop-by-hop and content-encoding', () => {
    const h = clientResponseHeaders(new Headers({ 'transfer-encoding': 'chunked', 'content-encoding': 'gzip', 'request-id': 'r1', 'x-ratelimit-remaining-tokens': '5' }));
    expect([...h.keys()].sort()).toEqual(['request-id', 'x-ratelimit-remaining-tokens']);
  });
});
