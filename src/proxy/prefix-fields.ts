/**
 * The cacheable prefix of a request as a flat list of (field path, text): every string in the system prompt and the
 * tool definitions. Providers cache by exact prefix — Anthropic renders `tools`, then `system`, then `messages`
 * (docs: prompt caching, "cache prefixes are created in the following order"); OpenAI caches the longest identical
 * prompt prefix (docs: prompt caching, "exact prefix matches") — so these are the strings that must not change
 * between requests of a session.
 */
import { isObject, type JsonObject, type ProviderName } from '../providers/types.ts';

export type PrefixField = readonly [path: string, text: string];

/** Keys that are references, not prompt text (item ids of the Responses API) or cache markers. */
const SKIP_KEYS = new Set(['id', 'cache_control']);

const IDENT = /^[A-Za-z_$][\w$]*$/;

function walk(value: unknown, path: string, out: PrefixField[]): void {
  if (typeof value === 'string') {
    out.push([path, value]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (SKIP_KEYS.has(k)) continue;
      walk(v, IDENT.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, out);
    }
  }
}

/** Leading items of a turn list that are system/developer instructions (before the conversation proper). */
function leading(items: unknown, key: string, out: PrefixField[]): void {
  if (!Array.isArray(items)) return;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item) || (item.role !== 'system' && item.role !== 'developer')) return;
    walk(item, `${key}[${i}]`, out);
  }
}

type Extractor = (body: JsonObject, out: PrefixField[]) => void;

/** Per provider, where its cacheable prefix lives (a table, not provider checks in the aligner). */
const EXTRACTORS: Readonly<Record<ProviderName, Extractor>> = {
  anthropic(body, out) {
    if ('tools' in body) walk(body.tools, 'tools', out);
    if ('system' in body) walk(body.system, 'system', out);
  },
  'openai-chat'(body, out) {
    if ('tools' in body) walk(body.tools, 'tools', out);
    leading(body.messages, 'messages', out);
  },
  'openai-responses'(body, out) {
    if ('instructions' in body) walk(body.instructions, 'instructions', out);
    if ('tools' in body) walk(body.tools, 'tools', out);
    // Codex sends its tools as an `additional_tools` item and its instructions as developer messages in `input`.
    leading(body.input, 'input', out);
  },
};

export function prefixFields(provider: ProviderName, body: JsonObject): PrefixField[] {
  const out: PrefixField[] = [];
  EXTRACTORS[provider](body, out);
  return out;
}

/**
 * Which session a request belongs to, for comparing it with the previous one. Deliberately not derived from the
 * system prompt (a volatile system prompt would make every request look like a new session).
 */
export function alignerSession(body: JsonObject, headers: Headers): string | undefined {
  const explicit = headers.get('x-claude-code-session-id') ?? headers.get('x-headroom-session');
  if (explicit) return `h:${explicit}`;
  if (typeof body.prompt_cache_key === 'string') return `k:${body.prompt_cache_key}`;
  // Claude Code puts a JSON object with its session id into metadata.user_id.
  const user = isObject(body.metadata) ? body.metadata.user_id : undefined;
  if (typeof user === 'string' && user.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(user);
      if (isObject(parsed) && typeof parsed.session_id === 'string' && parsed.session_id) return `h:${parsed.session_id}`;
    } catch {
      // not JSON: no session in it
    }
  }
  const turns = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  const firstUser = turns.find((m) => isObject(m) && m.role === 'user');
  return firstUser === undefined ? undefined : `u:${JSON.stringify(firstUser)}`;
}
