/** `openai`: `chat.completions.create` (and `.stream`) POST to `/chat/completions`, `responses.create` to `/responses`. */
import type { SdkRoute } from './fetch.ts';

export const openaiRoutes: SdkRoute[] = [
  { path: /\/chat\/completions$/, provider: 'openai-chat' },
  // Only the create call: `/responses/{id}`, `/responses/{id}/cancel`, `/responses/input_tokens` end differently.
  { path: /\/responses$/, provider: 'openai-responses' },
];
