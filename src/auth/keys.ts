/**
 * Gateway keys: the table a team gateway checks every request against. One key per line (`--keys FILE` or
 * HEADROOM_KEYS), optional tenant and options; secrets are kept only as SHA-256 digests, and a presented key is
 * compared against every digest without an early exit, so response time says nothing about how close a guess was.
 */
import { HeadroomError } from '../errors.ts';

/** Gateway keys look like `hrk_…`, so a key sent as a provider credential (`Authorization: Bearer hrk_…`) is recognised. */
export const KEY_PREFIX = 'hrk_';
const MIN_KEY_LENGTH = 20;

export type ProviderKeyName = 'anthropic' | 'openai';

export interface KeyEntry {
  /** Public id (`name=` or `k` + 10 hex of the key's SHA-256): shown in stats and logs instead of the key. */
  id: string;
  /** Whose state this key sees: CCR originals, block cache, stats and memory are scoped by tenant. */
  tenant: string;
  /** May read any key's stats (`/stats?key=ID`) and /metrics. */
  admin: boolean;
  /** Provider tokens (prompt + output, cache reads and writes included) allowed per UTC day. */
  budgetPerDay?: number;
  /** Provider credentials kept server-side for this key; absent = the client's own are passed through. */
  providerKeys: Partial<Record<ProviderKeyName, string>>;
}

export class KeyTableError extends HeadroomError {
  constructor(message: string) {
    super('invalid_keys', `headroom keys: ${message}`, { status: 400 });
    this.name = 'KeyTableError';
  }
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Equal-length digests compared without branching on their contents. */
function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

export interface KeyTable {
  readonly entries: readonly KeyEntry[];
  /** The entry of a presented key, or undefined; every digest is compared whatever the outcome. */
  find(presented: string): Promise<KeyEntry | undefined>;
  byId(id: string): KeyEntry | undefined;
}

/**
 * Parses the key table. A line: `hrk_SECRET [TENANT] [name=ID] [tenant=T] [budget=TOKENS] [admin]
 * [anthropic=KEY|$ENV] [openai=KEY|$ENV]`; `#` starts a comment; entries may also be separated by `,` (env form).
 * Errors name the line, never the key.
 */
export async function parseKeyTable(text: string, env: Record<string, string | undefined> = {}): Promise<KeyTable> {
  const rows: { entry: KeyEntry; digest: Uint8Array }[] = [];
  const lines = text.split(/\r?\n|,/);
  for (let n = 0; n < lines.length; n++) {
    const tokens = lines[n]!.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) continue;
    const where = `entry ${n + 1}`;
    const [key, ...rest] = tokens as [string, ...string[]];
    if (!key.startsWith(KEY_PREFIX) || key.length < MIN_KEY_LENGTH) {
      throw new KeyTableError(`${where}: a key must start with "${KEY_PREFIX}" and be at least ${MIN_KEY_LENGTH} characters`);
    }
    const digest = await sha256(key);
    const entry: KeyEntry = { id: `k${hex(digest).slice(0, 10)}`, tenant: '', admin: false, providerKeys: {} };
    for (const t of rest) {
      const eq = t.indexOf('=');
      const [opt, value] = eq < 0 ? [t, ''] : [t.slice(0, eq), t.slice(eq + 1)];
      if (eq < 0 && opt === 'admin') entry.admin = true;
      else if (eq < 0 || opt === 'tenant') {
        if (!NAME.test(eq < 0 ? opt : value)) throw new KeyTableError(`${where}: tenant must be 1-64 of A-Z a-z 0-9 _ . -`);
        entry.tenant = eq < 0 ? opt : value;
      } else if (opt === 'name') {
        if (!NAME.test(value)) throw new KeyTableError(`${where}: name must be 1-64 of A-Z a-z 0-9 _ . -`);
        entry.id = value;
      } else if (opt === 'budget') {
        const budget = Number(value.replace(/_/g, ''));
        if (!Number.isSafeInteger(budget) || budget <= 0) throw new KeyTableError(`${where}: budget must be a positive number of tokens per day`);
        entry.budgetPerDay = budget;
      } else if (opt === 'anthropic' || opt === 'openai') {
        const secret = value.startsWith('$') ? env[value.slice(1)] : value;
        if (!secret) throw new KeyTableError(`${where}: ${opt} key ${value.startsWith('$') ? `${value} is not set` : 'is empty'}`);
        entry.providerKeys[opt] = secret;
      } else throw new KeyTableError(`${where}: unknown option "${opt}"`);
    }
    entry.tenant ||= entry.id;
    if (rows.some((r) => digestsEqual(r.digest, digest))) throw new KeyTableError(`${where}: duplicate key`);
    if (rows.some((r) => r.entry.id === entry.id)) throw new KeyTableError(`${where}: duplicate name "${entry.id}"`);
    rows.push({ entry, digest });
  }
  if (rows.length === 0) throw new KeyTableError('no keys found');
  return {
    entries: rows.map((r) => r.entry),
    async find(presented) {
      const digest = await sha256(presented);
      let found: KeyEntry | undefined;
      for (const r of rows) if (digestsEqual(r.digest, digest)) found = r.entry;
      return found;
    },
    byId: (id) => rows.find((r) => r.entry.id === id)?.entry,
  };
}
