/**
 * A provider adapter is a visitor over the provider's own request JSON: it finds tool output, says where it came
 * from, and edits it in place. Adapters never translate between formats.
 */
import type { Hints } from '../compress/types.ts';

export type ProviderName = 'anthropic' | 'openai-chat' | 'openai-responses';

export interface ToolOutputRef {
  /** Where the text lives, e.g. `messages[3].content[0].content` (for stats and logs). */
  readonly path: string;
  readonly hints: Hints;
  /** True when the block must not change (it carries `cache_control` and is not new in this request). */
  readonly frozen: boolean;
  /** True when the output is new in this request: it follows the last thing the model produced. */
  readonly live: boolean;
  get(): string;
  set(text: string): void;
}

export interface ProviderAdapter {
  readonly name: ProviderName;
  /** Cheap structural check on a parsed body. */
  matches(body: JsonObject): boolean;
  toolOutputs(body: JsonObject): ToolOutputRef[];
  /** The last text the user typed (not tool results, not injected reminders): the relevance query. */
  lastUserText(body: JsonObject): string | undefined;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
