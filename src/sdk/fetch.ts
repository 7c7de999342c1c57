/**
 * The compressing `fetch` the SDK clients are given: it sees the exact request the SDK is about to send, compresses
 * the JSON body of model calls, and hands everything else — streaming, retries, errors — to the SDK's own fetch.
 */
import type { ProviderName } from '../providers/types.ts';
import type { Compressor } from './options.ts';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface SdkRoute {
  /** Matched against the URL path (the base URL may add a prefix). */
  path: RegExp;
  provider: ProviderName;
}

function urlOf(input: string | URL | Request): URL | undefined {
  try {
    return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  } catch {
    return undefined;
  }
}

export function compressingFetch(base: FetchLike, routes: readonly SdkRoute[], compressor: Compressor): FetchLike {
  return async function headroomFetch(input, init) {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const path = urlOf(input)?.pathname ?? '';
    const route = method === 'POST' ? routes.find((r) => r.path.test(path)) : undefined;
    // The SDKs send JSON bodies as strings; anything else (a stream, FormData) is not a model call we understand.
    if (!route || typeof init?.body !== 'string') return base(input, init);
    let body: unknown;
    try {
      body = JSON.parse(init.body);
    } catch {
      return base(input, init);
    }
    const r = await compressor.run(body, route.provider);
    // Nothing compressed: the SDK's own bytes go out untouched.
    if (!r.changed) return base(input, init);
    const headers = new Headers(init.headers);
    headers.delete('content-length');
    return base(input, { ...init, headers, body: JSON.stringify(r.body) });
  };
}
