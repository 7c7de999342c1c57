/** Answers `headroom_retrieve` calls from the store: the original text, or an error result the model can read. */
import { HeadroomError } from '../../errors.ts';
import { isObject } from '../../providers/types.ts';
import type { Store } from '../../store/store.ts';

export interface RetrieveCall {
  /** The provider's id for this call (Anthropic `tool_use.id`, OpenAI `call_id`). */
  callId: string;
  /** The call's input: an object (Anthropic) or the JSON arguments string (OpenAI). */
  args: unknown;
}

export interface ToolAnswer {
  callId: string;
  text: string;
  isError: boolean;
}

const HEX_ID = /[0-9a-f]{32}/i;

/** The id the model passed; tolerant of it pasting the whole marker or `id=…`. */
export function requestedId(args: unknown): string | undefined {
  let v: unknown = args;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return HEX_ID.exec(v as string)?.[0]?.toLowerCase();
    }
  }
  if (!isObject(v) || typeof v.id !== 'string') return undefined;
  return HEX_ID.exec(v.id)?.[0]?.toLowerCase() ?? v.id;
}

export async function answerCalls(store: Store, calls: readonly RetrieveCall[]): Promise<ToolAnswer[]> {
  return Promise.all(calls.map(async (call): Promise<ToolAnswer> => {
    const id = requestedId(call.args);
    if (!id) return { callId: call.callId, text: 'headroom: headroom_retrieve needs an `id` (the 32 hex characters after `id=` in a headroom marker).', isError: true };
    try {
      return { callId: call.callId, text: await store.getOriginal(id), isError: false };
    } catch (err) {
      const message = err instanceof HeadroomError ? err.message : `headroom: could not retrieve ${id}: ${err instanceof Error ? err.message : String(err)}`;
      return { callId: call.callId, text: message, isError: true };
    }
  }));
}
