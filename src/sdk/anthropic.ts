/** `@anthropic-ai/sdk`: `messages.create` and `messages.stream` (and the beta variants) all POST to `/v1/messages`. */
import type { SdkRoute } from './fetch.ts';

export const anthropicRoutes: SdkRoute[] = [
  // `/v1/messages/count_tokens` and `/v1/messages/batches` end differently and are left alone.
  { path: /\/v1\/messages$/, provider: 'anthropic' },
];
