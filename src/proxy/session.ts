/**
 * A stable key for "the same conversation", so earlier tool outputs are looked up in the block cache of their own
 * session: the client's session id when it sends one, else the provider's cache key, else a hash of how the
 * conversation began (which never changes as it grows).
 */
import { isObject } from '../providers/types.ts';
import { hash106 } from './hash.ts';

export function sessionScope(body: Record<string, unknown>, headers: Headers): string {
  const explicit = headers.get('x-claude-code-session-id') ?? headers.get('x-headroom-session') ?? (typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : null);
  if (explicit) return `s:${hash106(explicit)}`;
  const turns = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  const firstUser = turns.find((m) => isObject(m) && m.role === 'user');
  const seed = JSON.stringify([body.system ?? body.instructions ?? null, firstUser ?? null]);
  return `h:${hash106(seed)}`;
}
