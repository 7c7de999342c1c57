import { createStorage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { latestWriter } from '../../src/proxy/latest-writer.ts';
import { createStatsLedger, type RequestRecord } from '../../src/proxy/stats.ts';
import { EMPTY_USAGE } from '../../src/proxy/usage.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('latestWriter', () => {
  it('coalesces changes that arrive while a write is running, and resolves each after a write that saw it', async () => {
    let value = 0;
    const written: number[] = [];
    const w = latestWriter(async () => { const v = value; await sleep(20); written.push(v); });
    const done: Promise<void>[] = [];
    for (let i = 1; i <= 50; i++) {
      value = i;
      const seenBy = i;
      done.push(w.changed().then(() => expect(written.at(-1)).toBeGreaterThanOrEqual(seenBy)));
      if (i % 10 === 0) await sleep(5);
    }
    await Promise.all(done);
    expect(written.at(-1)).toBe(50);
    expect(written.length).toBeLessThanOrEqual(4); // one in flight + one queued, however many changes
  });

  it('a failed write rejects its callers and does not stop later writes', async () => {
    let fail = true;
    const w = latestWriter(async () => { await sleep(1); if (fail) throw new Error('disk full'); });
    await expect(w.changed()).rejects.toThrow('disk full');
    fail = false;
    await expect(w.changed()).resolves.toBeUndefined();
    await w.idle();
  });
});

function record(i: number): RequestRecord {
  return {
    id: `req-${i}`, time: Date.UTC(2026, 10, 25), provider: 'anthropic', path: '/v1/messages', model: 'claude-x', stream: true,
    status: 200, tokensBefore: 100, tokensAfter: 40, compressMs: 1, upstreamMs: 2, usage: EMPTY_USAGE, completed: true,
    bypass: false, blocks: [], ids: [],
  };
}

describe('stats ledger under load', () => {
  it('keeps up with records faster than storage: every record stored, totals exact, totals written far fewer times', async () => {
    const storage = createStorage();
    let totalsWrites = 0;
    const setItem = storage.setItem.bind(storage);
    // A slow disk: 5 ms per write.
    storage.setItem = (async (key: string, value: unknown, opts?: unknown) => {
      if (key.endsWith('totals') || key.includes('totals:')) totalsWrites++;
      await sleep(5);
      return setItem(key, value as never, opts as never);
    }) as typeof storage.setItem;
    const ledger = createStatsLedger(storage, () => Date.UTC(2026, 10, 25));
    const started = performance.now();
    await Promise.all(Array.from({ length: 500 }, (_, i) => ledger.record(record(i))));
    // One serial write per record would take 500 × 2 × 5 ms = 5 s.
    expect(performance.now() - started).toBeLessThan(1_500);
    const totals = await ledger.totals();
    expect(totals.requests).toBe(500);
    expect(totals.tokensBefore).toBe(50_000);
    expect(totalsWrites).toBeGreaterThan(0);
    expect(totalsWrites).toBeLessThan(20);
    expect((await storage.getKeys('stats:requests')).length).toBe(500);
    // A fresh ledger on the same storage sees the persisted totals.
    const again = createStatsLedger(storage, () => Date.UTC(2026, 10, 25));
    expect((await again.totals()).requests).toBe(500);
    expect((await ledger.recent(3)).map((r) => r.id)).toEqual(['req-499', 'req-498', 'req-497']);
  });
});
