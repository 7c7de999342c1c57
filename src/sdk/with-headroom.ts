/**
 * `withHeadroom(client)`: the same Anthropic or OpenAI SDK client, with tool output in every model request compressed
 * in-process before it is sent. Built on the SDKs' own `withOptions({ fetch })`, so the returned client keeps its
 * type, its streaming helpers (`messages.stream`, `chat.completions.stream`), retries and typed errors unchanged.
 */
import { anthropicRoutes } from './anthropic.ts';
import { compressingFetch, type FetchLike, type SdkRoute } from './fetch.ts';
import { openaiRoutes } from './openai.ts';
import { createCompressor, type HeadroomOptions } from './options.ts';

/** What both SDKs' clients offer: a copy with other options (`withOptions` returns `this` type in both). */
export interface HeadroomClient<Self> {
  withOptions(options: { fetch?: FetchLike }): Self;
}

const ROUTES: readonly SdkRoute[] = [...anthropicRoutes, ...openaiRoutes];

export function withHeadroom<C extends HeadroomClient<C>>(client: C, options: HeadroomOptions = {}): C {
  // The client's own fetch (a custom one the user passed, or the platform's): a private field in both SDKs.
  const own = (client as unknown as { fetch?: FetchLike }).fetch;
  const base: FetchLike = typeof own === 'function' ? own : (input, init) => fetch(input, init);
  return client.withOptions({ fetch: compressingFetch(base, ROUTES, createCompressor(options)) });
}
