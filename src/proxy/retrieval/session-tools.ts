/**
 * Remembers, per session, that `headroom_retrieve` was offered once, so it is offered on every later request of
 * that session: a tool list that changes between requests invalidates the provider's prompt cache from the tools
 * onward (docs.anthropic.com, prompt caching: "changes to tool definitions invalidate the entire cache").
 */
import type { Storage } from 'unstorage';

/** Sessions go quiet; a week matches the retention of the originals the tool retrieves. */
const TTL_SECONDS = 7 * 24 * 3600;

const key = (scope: string) => `retrieval:session:${scope}`;

export async function sessionOffersTool(storage: Storage, scope: string): Promise<boolean> {
  return (await storage.getItem(key(scope))) !== null;
}

export async function rememberToolOffered(storage: Storage, scope: string): Promise<void> {
  await storage.setItem(key(scope), 1, { ttl: TTL_SECONDS });
}
