/**
 * What a correct answer to a hostile body looks like. Either the proxy refused it itself (a 4xx JSON error with a
 * message; nothing went upstream), or it forwarded it: byte-for-byte when nothing was compressed, else a body that
 * differs from the client's only in tool-output texts and appended gateway tools, whose every marker id resolves
 * in the store. And the client got the upstream's answer exactly.
 */
import { expect } from 'vitest';
import { markerIds } from '../../src/ccr/marker.ts';
import { PROVIDERS } from '../../src/providers/registry.ts';
import type { JsonObject, ProviderName } from '../../src/providers/types.ts';
import { toolName } from '../../src/proxy/retrieval/tool-defs.ts';
import type { Store } from '../../src/store/store.ts';

export const UPSTREAM_REPLY = '{"id":"msg_fuzz","type":"message","usage":{"input_tokens":3,"output_tokens":1}}';

export interface Exchange {
  shape: ProviderName;
  sent: Uint8Array;
  /** What the upstream received for this request; undefined when nothing reached it. */
  upstream: Uint8Array | undefined;
  status: number;
  reply: string;
  store: Store;
}

export type Verdict = 'refused' | 'passthrough' | 'compressed';

const decoder = new TextDecoder();
const GATEWAY_TOOL = /^(headroom_|memory_)/;

/** A body with every tool-output text blanked and gateway tools dropped: what compression must leave alone. */
function skeleton(shape: ProviderName, body: JsonObject, clientHadTools: boolean): JsonObject {
  for (const ref of PROVIDERS[shape].toolOutputs(body)) ref.set('');
  if (Array.isArray(body.tools)) {
    body.tools = body.tools.filter((t) => !GATEWAY_TOOL.test(toolName(t) ?? ''));
    if (!clientHadTools && (body.tools as unknown[]).length === 0) delete body.tools;
  }
  return body;
}

export async function judge(x: Exchange): Promise<Verdict> {
  if (x.upstream === undefined) {
    // Refused by the proxy: a client error with a JSON message, never a 5xx (that would be a crash).
    expect(x.status, `proxy answered ${x.status}: ${x.reply.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(x.status).toBeLessThan(500);
    const err = JSON.parse(x.reply) as { error?: { message?: unknown } };
    expect(typeof err.error?.message).toBe('string');
    return 'refused';
  }
  expect(x.status).toBe(200);
  expect(x.reply).toBe(UPSTREAM_REPLY);
  if (Buffer.compare(Buffer.from(x.sent), Buffer.from(x.upstream)) === 0) return 'passthrough';
  // Rewritten: only possible for a well-formed JSON object body (anything else must be forwarded untouched).
  const client = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(x.sent)) as JsonObject;
  const forwarded = JSON.parse(decoder.decode(x.upstream)) as JsonObject;
  const ids = PROVIDERS[x.shape].toolOutputs(forwarded).flatMap((r) => markerIds(r.get()));
  for (const id of ids) expect(typeof (await x.store.getOriginal(id))).toBe('string');
  const hadTools = 'tools' in client;
  expect(skeleton(x.shape, forwarded, hadTools)).toEqual(skeleton(x.shape, client, hadTools));
  return 'compressed';
}
