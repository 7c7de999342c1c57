/**
 * Offers `headroom_retrieve` on requests whose context holds our markers, and — once offered in a session — on
 * every later request of that session that has a tool list, so the list never flips (a changed tool list busts
 * the provider's prompt cache). Appended at the end: existing tools keep their order and bytes.
 */
import type { Storage } from 'unstorage';
import { hasMarker } from '../../ccr/marker.ts';
import { PROVIDERS } from '../../providers/registry.ts';
import type { JsonObject, ProviderName } from '../../providers/types.ts';
import { rememberToolOffered, sessionOffersTool } from './session-tools.ts';
import { RETRIEVE_TOOL, TOOL_DEFS, toolName } from './tool-defs.ts';

export interface InjectInput {
  provider: ProviderName;
  /** The (already compressed) body; edited in place. */
  body: JsonObject;
  /** Retrieval ids compress() produced for this request. */
  ids?: readonly string[];
  storage: Storage;
  scope: string;
}

/** True when the tool was added (the caller then re-serialises the body and intercepts calls to it). */
export async function injectRetrieveTool(input: InjectInput): Promise<boolean> {
  const { body } = input;
  const tools = body.tools;
  const hasTools = Array.isArray(tools);
  // A client that defines a tool of this name runs it itself; never shadow or duplicate it.
  if (hasTools && tools.some((t) => toolName(t) === RETRIEVE_TOOL)) return false;
  const markers = (input.ids?.length ?? 0) > 0 || PROVIDERS[input.provider].toolOutputs(body).some((ref) => hasMarker(ref.get()));
  if (markers) await rememberToolOffered(input.storage, input.scope);
  else if (!hasTools || !(await sessionOffersTool(input.storage, input.scope))) return false;
  const def = TOOL_DEFS[input.provider]();
  if (hasTools) tools.push(def);
  else body.tools = [def];
  return true;
}
