/**
 * `headroom_retrieve` as a gateway tool: offered on requests whose context holds our markers and — once offered in
 * a session — on every later request of that session that has a tool list, so the list never flips (a changed tool
 * list busts the provider's prompt cache). Answered from the store: the original text, or an error the model can read.
 */
import { hasMarker } from '../../ccr/marker.ts';
import { HeadroomError } from '../../errors.ts';
import { PROVIDERS } from '../../providers/registry.ts';
import { isObject } from '../../providers/types.ts';
import type { Store } from '../../store/store.ts';
import type { GatewayTool, OfferContext, ToolResult } from './gateway-tools.ts';
import { rememberToolOffered, sessionOffersTool } from './session-tools.ts';
import { RETRIEVE_TOOL, TOOL_DEFS } from './tool-defs.ts';

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

async function offer(ctx: OfferContext): Promise<boolean> {
  // Only requests compressed here have a session key (a failed or bypassed compression offers nothing new).
  if (ctx.scope === undefined) return false;
  const markers = (ctx.ids?.length ?? 0) > 0 || PROVIDERS[ctx.provider].toolOutputs(ctx.body).some((ref) => hasMarker(ref.get()));
  if (markers) {
    await rememberToolOffered(ctx.storage, ctx.scope);
    return true;
  }
  return ctx.hasTools && sessionOffersTool(ctx.storage, ctx.scope);
}

export function retrieveTool(store: Store): GatewayTool {
  return {
    name: RETRIEVE_TOOL,
    def: (provider) => TOOL_DEFS[provider](),
    offer,
    async answer(args): Promise<ToolResult> {
      const id = requestedId(args);
      if (!id) return { text: `headroom: ${RETRIEVE_TOOL} needs an \`id\` (the 32 hex characters after \`id=\` in a headroom marker).`, isError: true };
      try {
        return { text: await store.getOriginal(id), isError: false };
      } catch (err) {
        const message = err instanceof HeadroomError ? err.message : `headroom: could not retrieve ${id}: ${err instanceof Error ? err.message : String(err)}`;
        return { text: message, isError: true };
      }
    },
  };
}
