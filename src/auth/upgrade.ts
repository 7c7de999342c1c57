/**
 * WebSocket upgrades in gateway mode. The handshake is an HTTP request, so it passes the same key rules before any
 * upstream connection is opened, and a refusal is the same 401 / 429 JSON an HTTP request would get. An accepted
 * socket is served with its key's tenant state for its whole life.
 */
import type { Logger } from '../platform.ts';
import { errorResponse } from '../proxy/errors.ts';
import type { KeyEntry, KeyTable, ProviderKeyName } from './keys.ts';
import { budgetExceeded, checkGatewayKey } from './middleware.ts';
import type { Tenants } from './tenants.ts';

export interface UpgradeGateOptions<D> {
  keys: KeyTable;
  /** The same tenants the HTTP app serves, so a socket's compressions are retrievable over HTTP with its key. */
  tenants: Tenants<D>;
  /** The provider the sockets go to (Responses over WebSocket is OpenAI's), whose gateway-side key may replace the client's. */
  upstream?: ProviderKeyName;
  log?: Logger;
}

/** An accepted upgrade: the key's tenant state and the handshake headers to send upstream (no gateway key in them). */
export interface UpgradeGrant<D> {
  entry: KeyEntry;
  deps: D;
  headers: Headers;
}

/** Checks one handshake: a grant, or the HTTP response to answer instead of upgrading. */
export type UpgradeGate<D> = (headers: Headers, path: string) => Promise<UpgradeGrant<D> | Response>;

export function upgradeGate<D>(opts: UpgradeGateOptions<D>): UpgradeGate<D> {
  const { keys, tenants, upstream = 'openai', log } = opts;
  return async function upgradeGate(headers, path) {
    const check = await checkGatewayKey(keys, headers, upstream);
    if (!check.ok) {
      log?.('warn', 'gateway key rejected', { method: 'GET', path, transport: 'websocket', reason: check.reason });
      return errorResponse(check.error);
    }
    // Every response.create on the socket spends tokens: a key over budget is refused at the door, like a POST.
    if (await tenants.overBudget(check.entry)) return errorResponse(budgetExceeded(check.entry));
    log?.('info', 'websocket', { key: check.entry.id, tenant: check.entry.tenant, path });
    return { entry: check.entry, deps: tenants.depsFor(check.entry), headers: check.headers };
  };
}
