/** Provider adapters in detection order: Responses bodies have `input`; Anthropic is checked before OpenAI Chat. */
import { anthropicAdapter } from './anthropic/visitor.ts';
import { openaiChatAdapter } from './openai-chat/visitor.ts';
import { openaiResponsesAdapter } from './openai-responses/visitor.ts';
import type { JsonObject, ProviderAdapter, ProviderName } from './types.ts';

export const PROVIDERS: Readonly<Record<ProviderName, ProviderAdapter>> = {
  'openai-responses': openaiResponsesAdapter,
  anthropic: anthropicAdapter,
  'openai-chat': openaiChatAdapter,
};

const ORDER: readonly ProviderName[] = ['openai-responses', 'anthropic', 'openai-chat'];

export function detectProvider(body: JsonObject): ProviderAdapter | undefined {
  for (const name of ORDER) if (PROVIDERS[name].matches(body)) return PROVIDERS[name];
  // Plain user/assistant string messages: either format reads them the same, and there is no tool output to find.
  return Array.isArray(body.messages) ? openaiChatAdapter : undefined;
}
