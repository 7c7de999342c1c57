/** headroom inside the official SDKs: `withHeadroom(client)` for Anthropic / OpenAI, `headroomMiddleware()` for the AI SDK. */
export { withHeadroom, type HeadroomClient } from './with-headroom.ts';
export { headroomMiddleware } from './ai.ts';
export type { HeadroomOptions } from './options.ts';
export type { FetchLike } from './fetch.ts';
