/**
 * The team gateway's door: every request but the public ones must carry a gateway key, which resolves to its
 * tenant. The key never travels upstream; a key with gateway-side provider credentials has them put in place of
 * whatever the client sent, otherwise the client's own provider credentials pass through (the default).
 */
import type { MiddlewareHandler } from 'hono';
import { HeadroomError } from '../errors.ts';
import type { Logger } from '../platform.ts';
import { errorResponse } from '../proxy/errors.ts';
import { KEY_PREFIX, type KeyEntry, type KeyTable, type ProviderKeyName } from './keys.ts';

export const KEY_HEADER = 'x-headroom-key';

export type AuthEnv = { Variables: { headroomKey: KeyEntry } };

export interface GatewayAuthOptions {
  keys: KeyTable;
  /** Which provider a request is for, so only that provider's gateway-side key is ever sent to it. */
  upstreamOf: (request: Request, path: string) => ProviderKeyName;
  /** Paths served without a key (liveness checks). */
  isPublic?: (path: string) => boolean;
  /** True when the key has used up its daily token budget (checked on POSTs: the requests that spend tokens). */
  overBudget?: (entry: KeyEntry) => Promise<boolean>;
  log?: Logger;
  /** Explicit opt-in (`--log-bodies`): log request bodies. Off, only ids, paths, statuses and sizes are logged. */
  logBodies?: boolean;
}

class GatewayAuthError extends HeadroomError {
  constructor(code: string, message: string, status: number) {
    super(code, `headroom gateway: ${message}`, { status });
    this.name = 'GatewayAuthError';
  }
}

type Presented = { key: string; via: 'x-headroom-key' | 'authorization' | 'x-api-key' };

/** The gateway key a request carries: `x-headroom-key`, else an `hrk_` value where a provider key would go. */
function presentedKey(headers: Headers): Presented | undefined {
  const own = headers.get(KEY_HEADER)?.trim();
  if (own) return { key: own, via: 'x-headroom-key' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  if (bearer?.startsWith(KEY_PREFIX)) return { key: bearer, via: 'authorization' };
  // Anthropic SDKs (and Claude Code with ANTHROPIC_API_KEY) send the key as x-api-key.
  const apiKey = headers.get('x-api-key')?.trim();
  if (apiKey?.startsWith(KEY_PREFIX)) return { key: apiKey, via: 'x-api-key' };
  return undefined;
}

/** Headers for upstream: no gateway key anywhere; the gateway-side provider key when this key has one. */
function upstreamHeaders(incoming: Headers, serverKey: string | undefined, upstream: ProviderKeyName): Headers {
  const out = new Headers(incoming);
  out.delete(KEY_HEADER);
  if (/^Bearer\s+hrk_/i.test(out.get('authorization') ?? '')) out.delete('authorization');
  if (out.get('x-api-key')?.trim().startsWith(KEY_PREFIX)) out.delete('x-api-key');
  if (serverKey) {
    out.delete('authorization');
    out.delete('x-api-key');
    // Anthropic authenticates with x-api-key, OpenAI with a bearer token.
    if (upstream === 'anthropic') out.set('x-api-key', serverKey);
    else out.set('authorization', `Bearer ${serverKey}`);
  }
  return out;
}

/** A presented gateway key checked: its entry and the headers to send upstream, or why it was refused (401). */
export type KeyCheck =
  | { ok: true; entry: KeyEntry; headers: Headers }
  | { ok: false; error: HeadroomError; reason: 'no key' | 'unknown key' | 'no server-side provider key' };

/**
 * The key rules, shared by HTTP requests and WebSocket upgrades: a known key in `x-headroom-key`, or an `hrk_` key in
 * a provider-key header when that key has a gateway-side key for `upstream` (which then goes upstream in its place).
 */
export async function checkGatewayKey(keys: KeyTable, headers: Headers, upstream: ProviderKeyName): Promise<KeyCheck> {
  const presented = presentedKey(headers);
  const entry = presented ? await keys.find(presented.key) : undefined;
  if (!presented || !entry) {
    return {
      ok: false, reason: presented ? 'unknown key' : 'no key',
      error: new GatewayAuthError('authentication_error', presented
        ? 'unknown gateway key'
        : `a gateway key is required: send it in ${KEY_HEADER} (or as Authorization: Bearer hrk_… when the gateway holds the provider key)`, 401),
    };
  }
  const serverKey = entry.providerKeys[upstream];
  if (!serverKey && presented.via !== 'x-headroom-key') {
    return {
      ok: false, reason: 'no server-side provider key',
      error: new GatewayAuthError('authentication_error',
        `no gateway-side ${upstream} key is configured for key ${entry.id}: send your own provider key, and the gateway key in ${KEY_HEADER}`, 401),
    };
  }
  return { ok: true, entry, headers: upstreamHeaders(headers, serverKey, upstream) };
}

/** Over its daily token budget: 429, the same for HTTP requests and WebSocket upgrades. */
export const budgetExceeded = (entry: KeyEntry): HeadroomError =>
  new GatewayAuthError('budget_exceeded', `key ${entry.id} has used its daily budget of ${entry.budgetPerDay} tokens (resets 00:00 UTC)`, 429);

export function gatewayAuth(opts: GatewayAuthOptions): MiddlewareHandler<AuthEnv> {
  const { keys, upstreamOf, isPublic = (path) => path === '/health', overBudget, log, logBodies = false } = opts;
  return async function gatewayAuth(c, next) {
    const path = c.req.path;
    if (isPublic(path)) return next();
    const check = await checkGatewayKey(keys, c.req.raw.headers, upstreamOf(c.req.raw, path));
    if (!check.ok) {
      log?.('warn', 'gateway key rejected', { method: c.req.method, path, reason: check.reason });
      return errorResponse(check.error);
    }
    const { entry } = check;
    if (overBudget && c.req.method === 'POST' && (await overBudget(entry))) return errorResponse(budgetExceeded(entry));
    c.req.raw = new Request(c.req.raw, { headers: check.headers });
    c.set('headroomKey', entry);
    const fields = { key: entry.id, tenant: entry.tenant, method: c.req.method, path, bytes: Number(c.req.header('content-length') ?? 0) };
    if (logBodies && c.req.raw.body) log?.('info', 'request body', { ...fields, body: await c.req.raw.clone().text() });
    await next();
    log?.('info', 'request', { ...fields, status: c.res.status });
  };
}
