/**
 * Cache aligner: reports volatile content (timestamps, dates, UUIDs, request ids, hashes) in the cacheable prefix —
 * system prompt and tool definitions — that changed since the previous request of the same session. Providers only
 * reuse a cached prefix that is byte-identical, so one changing timestamp in the system prompt silently turns every
 * cache read into a cache write. Detection only: the prefix is never rewritten.
 *
 * Per session it keeps a small fingerprint in storage (per field: a hash, and per line a masked-text hash plus the
 * volatile tokens), never the prompt itself; an in-process LRU keeps the common "nothing changed" case cheap.
 */
import type { Storage } from 'unstorage';
import type { Logger } from '../platform.ts';
import { isObject, type JsonObject, type ProviderName } from '../providers/types.ts';
import { alignerSession, prefixFields } from './prefix-fields.ts';
import { hash106, hash53 } from './hash.ts';
import { linePrints, type LineInfo, type LinePrint, type VolatileKind } from './volatile.ts';

export type SpanKind = VolatileKind | 'edit' | 'added' | 'removed';

/** One place where the prefix differs from the previous request of the session. */
export interface PrefixSpan {
  /** JSON path of the string, e.g. `system[1].text` or `tools[2].description`. */
  field: string;
  /** UTF-16 offset and length of the changed text in the current value of the field. */
  offset: number;
  length: number;
  kind: SpanKind;
  /** The text around the span then and now (`before` is absent for edits: only fingerprints of old lines are kept). */
  before?: string;
  after: string;
}

export interface PrefixCheck {
  /** first: no earlier request of this session seen; stable: byte-identical prefix; changed: see spans. */
  status: 'first' | 'stable' | 'changed';
  spans: PrefixSpan[];
  /** Spans left out beyond the cap. */
  more?: number;
}

export interface CacheAligner {
  /**
   * Compares with the previous request of the same session and route (`path`). Never throws: an aligner failure
   * must not affect the request.
   */
  check(provider: ProviderName, body: JsonObject, headers: Headers, path?: string): Promise<PrefixCheck | undefined>;
}

export interface CacheAlignerOptions {
  ttlSeconds?: number;
  memoryEntries?: number;
  maxSpans?: number;
  /** Fields with more lines than this keep only their hash (a change is reported at offset 0). */
  maxLines?: number;
  log?: Logger;
}

interface FieldPrint {
  h: string;
  l?: LinePrint[];
}
type Fingerprint = Record<string, FieldPrint>;

const CONTEXT = 24;

function snippet(text: string, start: number, end: number, value = text.slice(start, end)): string {
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  return `${from > 0 ? '…' : ''}${text.slice(from, start)}${value}${text.slice(end, to)}${to < text.length ? '…' : ''}`;
}

/** Lines equal up to volatile tokens are paired from the top and the bottom; what is left between is an edit. */
function compareField(field: string, text: string, prev: LinePrint[] | undefined, cur: LineInfo[] | undefined, out: PrefixSpan[]): void {
  if (!prev || !cur) {
    out.push({ field, offset: 0, length: text.length, kind: 'edit', after: snippet(text, 0, 0) });
    return;
  }
  const lineSpans = (p: LinePrint, c: LineInfo) => {
    p[1].forEach(([, kind, before], k) => {
      const [col, , after] = c.print[1][k]!;
      if (before === after) return;
      const at = c.start + col;
      out.push({ field, offset: at, length: after.length, kind, before: snippet(text, at, at + after.length, before), after: snippet(text, at, at + after.length) });
    });
  };
  let top = 0;
  while (top < prev.length && top < cur.length && prev[top]![0] === cur[top]!.print[0]) {
    lineSpans(prev[top]!, cur[top]!);
    top++;
  }
  let pb = prev.length - 1;
  let cb = cur.length - 1;
  const bottom: (() => void)[] = [];
  while (pb >= top && cb >= top && prev[pb]![0] === cur[cb]!.print[0]) {
    const p = prev[pb]!;
    const c = cur[cb]!;
    bottom.push(() => lineSpans(p, c));
    pb--;
    cb--;
  }
  if (pb >= top || cb >= top) {
    const start = cur[top]?.start ?? text.length;
    const end = cb >= top ? cur[cb]!.start + text.slice(cur[cb]!.start).split('\n', 1)[0]!.length : start;
    out.push({ field, offset: start, length: end - start, kind: 'edit', after: snippet(text, start, Math.min(end, start + 80)) });
  }
  for (const f of bottom.reverse()) f();
}

export function createCacheAligner(storage: Storage, opts: CacheAlignerOptions = {}): CacheAligner {
  const ttl = opts.ttlSeconds ?? 7 * 24 * 3600;
  const maxEntries = opts.memoryEntries ?? 256;
  const maxSpans = opts.maxSpans ?? 20;
  const maxLines = opts.maxLines ?? 4000;
  const lru = new Map<string, Fingerprint>();
  const remember = (key: string, fp: Fingerprint) => {
    lru.delete(key);
    lru.set(key, fp);
    if (lru.size > maxEntries) lru.delete(lru.keys().next().value as string);
  };

  async function previous(key: string): Promise<Fingerprint | undefined> {
    const hit = lru.get(key);
    if (hit) return hit;
    const saved = await storage.getItem<{ f: Fingerprint }>(key);
    return saved && typeof saved === 'object' && typeof saved.f === 'object' ? saved.f : undefined;
  }

  async function check(provider: ProviderName, body: JsonObject, headers: Headers, path = ''): Promise<PrefixCheck | undefined> {
    const session = alignerSession(body, headers);
    const fields = prefixFields(provider, body);
    if (session === undefined || fields.length === 0) return undefined;
    // Side requests of one session (a title request, a sub-agent) have prefixes of their own: they are told apart by
    // route, model and tool names, so they are not reported as changes of the main conversation's prefix.
    const family = JSON.stringify([path, body.model, Array.isArray(body.tools) ? body.tools.map((t: unknown) => (isObject(t) ? t.name : null)) : null]);
    const key = `aligner:${provider}:${hash106(session)}:${hash53(family)}`;
    const prev = await previous(key);
    const next: Fingerprint = {};
    const spans: PrefixSpan[] = [];
    for (const [field, text] of fields) {
      const h = hash53(text);
      const old = prev?.[field];
      if (old?.h === h) {
        next[field] = old;
        continue;
      }
      const lines = text.length > 0 && text.split('\n', maxLines + 1).length <= maxLines ? linePrints(text) : undefined;
      next[field] = lines ? { h, l: lines.map((l) => l.print) } : { h };
      if (!prev) continue;
      if (!old) spans.push({ field, offset: 0, length: text.length, kind: 'added', after: snippet(text, 0, Math.min(text.length, 80)) });
      else compareField(field, text, old.l, lines, spans);
    }
    if (prev) {
      for (const field of Object.keys(prev)) if (!(field in next)) spans.push({ field, offset: 0, length: 0, kind: 'removed', after: '' });
    }
    remember(key, next);
    // Written in the background: the next request of the session usually finds it in the LRU anyway.
    if (!prev || spans.length > 0) {
      storage.setItem(key, { f: next }, { ttl }).catch((err) => opts.log?.('warn', 'cache aligner could not save a fingerprint', { err: String(err) }));
    }
    const status = !prev ? 'first' : spans.length > 0 ? 'changed' : 'stable';
    return spans.length > maxSpans ? { status, spans: spans.slice(0, maxSpans), more: spans.length - maxSpans } : { status, spans };
  }

  return {
    async check(provider, body, headers, path) {
      try {
        return await check(provider, body, headers, path);
      } catch (err) {
        opts.log?.('warn', 'cache aligner failed; request unaffected', { err: String(err) });
        return undefined;
      }
    },
  };
}

/** Spans that are volatile tokens (not edits, additions or removals): the ones worth fixing at the client. */
export function volatileSpans(check: PrefixCheck | undefined): PrefixSpan[] {
  return check ? check.spans.filter((s) => s.kind !== 'edit' && s.kind !== 'added' && s.kind !== 'removed') : [];
}
