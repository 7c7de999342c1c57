/**
 * What the proxy changed in one request, block by block: for every tool output it changed, the text as the client
 * sent it and as we forwarded it, beside the compressor decisions and retrieval ids of the ledger record. Texts live
 * in storage, content-addressed (an output resent on every later turn is stored once) and expiring with the record;
 * the in-memory ledger keeps only the small per-block summary.
 */
import type { Storage } from 'unstorage';
import { contentId } from '../ccr/id.ts';
import { createSweeper, statEntry } from '../store/sweeper.ts';
import type { BlockStats } from '../compress-body.ts';
import { NotFoundError } from '../errors.ts';
import type { Logger } from '../platform.ts';
import { PROVIDERS } from '../providers/registry.ts';
import type { JsonObject, ProviderName } from '../providers/types.ts';
import type { PrefixCheck } from './cache-aligner.ts';
import { RECORD_TTL_SECONDS, type StatsLedger } from './stats.ts';

export interface DiffBlock extends BlockStats {
  /** True when the forwarded text differs from the client's. */
  changed: boolean;
  /** Both texts, for changed blocks whose texts are still kept. */
  original?: string;
  sent?: string;
}

export interface RequestDiff {
  id: string;
  time: number;
  provider: string;
  model?: string;
  path: string;
  status: number;
  bypass: boolean;
  tokensBefore: number;
  tokensAfter: number;
  /** kept: texts of changed blocks are included; expired: they aged out; none: nothing was changed or captured. */
  texts: 'kept' | 'expired' | 'none';
  blocks: DiffBlock[];
  prefix?: PrefixCheck;
}

export interface DiffCapture {
  /** Call right after compression: reads what will be sent and stores the changed blocks in the background. */
  end(id: string, blocks: readonly BlockStats[]): void;
}

export interface DiffRecorder {
  /** Call before compression (which edits the body in place): remembers each tool output as the client sent it. */
  begin(provider: ProviderName, body: JsonObject): DiffCapture;
  load(id: string): Promise<Map<string, { original?: string; sent?: string }> | 'expired' | undefined>;
}

export interface DiffRecorderOptions {
  ttlSeconds?: number;
  now?: () => number;
  log?: Logger;
  /** Expired entries are swept in the background after this many saves (drivers like fs have no native TTL)… */
  sweepEvery?: number;
  /** …and no sooner than this long after the previous sweep (ms). */
  sweepIntervalMs?: number;
}

interface StoredDiff {
  v: 1;
  expires: number;
  blocks: { path: string; o: string; s: string }[];
}

const PREFIX = 'diffs';

export function createDiffRecorder(storage: Storage, opts: DiffRecorderOptions = {}): DiffRecorder {
  const ttl = opts.ttlSeconds ?? RECORD_TTL_SECONDS;
  const now = opts.now ?? (() => Date.now());
  const sweepEvery = opts.sweepEvery ?? 500;
  const pending = new Map<string, Promise<void>>();
  const written = new Set<string>();
  const sweeper = createSweeper(sweep, {
    every: sweepEvery, minIntervalMs: opts.sweepIntervalMs ?? 60_000, now,
    onError: (err) => opts.log?.('warn', 'could not sweep expired request diffs', { err: String(err) }),
  });

  async function putText(text: string): Promise<string> {
    const h = await contentId(text);
    if (!written.has(h)) {
      await storage.setItem(`${PREFIX}:text:${h}`, { t: text, expires: now() + ttl * 1000 }, { ttl });
      written.add(h);
      if (written.size > 2000) written.delete(written.values().next().value as string);
    }
    return h;
  }

  async function save(id: string, changed: { path: string; original: string; sent: string }[]): Promise<void> {
    const blocks: StoredDiff['blocks'] = [];
    for (const c of changed) blocks.push({ path: c.path, o: await putText(c.original), s: await putText(c.sent) });
    const entry: StoredDiff = { v: 1, expires: now() + ttl * 1000, blocks };
    await storage.setItem(`${PREFIX}:req:${id}`, entry, { ttl });
    sweeper.wrote();
  }

  /** Expired entries go; fs dates them from a stat (written once, so mtime + ttl), other drivers from the entry. */
  async function sweep(): Promise<number> {
    written.clear();
    let removed = 0;
    const t = now();
    for (const key of await storage.getKeys(PREFIX)) {
      const meta = await statEntry(storage, key);
      let expires = meta ? meta.mtime + ttl * 1000 : undefined;
      if (expires === undefined) {
        const item = await storage.getItem<{ expires?: number }>(key);
        expires = item && typeof item === 'object' && typeof item.expires === 'number' ? item.expires : -Infinity;
      }
      if (expires <= t) {
        await storage.removeItem(key);
        removed++;
      }
    }
    return removed;
  }

  async function text(h: string): Promise<string | undefined> {
    const item = await storage.getItem<{ t?: unknown; expires?: number }>(`${PREFIX}:text:${h}`);
    return item && typeof item === 'object' && typeof item.t === 'string' && (item.expires ?? 0) > now() ? item.t : undefined;
  }

  return {
    begin(provider, body) {
      // Never throws: a body the visitor cannot walk (compression then fails open) simply gets no diff.
      const adapter = PROVIDERS[provider];
      const texts = () => {
        try {
          return new Map(adapter.toolOutputs(body).map((r) => [r.path, r.get()] as const));
        } catch {
          return new Map<string, string>();
        }
      };
      const before = texts();
      return {
        end(id, blocks) {
          const after = texts();
          const changed = blocks.flatMap((b) => {
            const original = before.get(b.path);
            const sent = after.get(b.path);
            return original !== undefined && sent !== undefined && original !== sent ? [{ path: b.path, original, sent }] : [];
          });
          if (changed.length === 0) return;
          const p = save(id, changed)
            .catch((err) => opts.log?.('warn', 'could not store the request diff', { id, err: String(err) }))
            .finally(() => pending.delete(id));
          pending.set(id, p);
        },
      };
    },

    async load(id) {
      await pending.get(id);
      const entry = await storage.getItem<StoredDiff>(`${PREFIX}:req:${id}`);
      if (!entry || typeof entry !== 'object' || entry.v !== 1) return undefined;
      if (entry.expires <= now()) return 'expired';
      const out = new Map<string, { original?: string; sent?: string }>();
      for (const b of entry.blocks) out.set(b.path, { original: await text(b.o), sent: await text(b.s) });
      return out;
    },
  };
}

/** The diff of one recorded request: the record's block summaries joined with the stored texts. */
export async function requestDiff(ledger: StatsLedger, diffs: DiffRecorder, id: string): Promise<RequestDiff> {
  const r = await ledger.get(id);
  if (!r) throw new NotFoundError(`no request ${id} in the ledger (unknown, expired, or still streaming)`);
  const stored = await diffs.load(id);
  const blocks: DiffBlock[] = r.blocks.map((b) => {
    const t = stored instanceof Map ? stored.get(b.path) : undefined;
    return { ...b, changed: t !== undefined, ...(t ?? {}) };
  });
  return {
    id: r.id, time: r.time, provider: r.provider, model: r.model, path: r.path, status: r.status, bypass: r.bypass,
    tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter,
    texts: stored === 'expired' ? 'expired' : stored instanceof Map && stored.size > 0 ? 'kept' : 'none',
    blocks, prefix: r.prefix,
  };
}
