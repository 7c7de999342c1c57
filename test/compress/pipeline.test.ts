import { createStorage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { compressText } from '../../src/compress/compress-text.ts';
import { DETECTORS, type Registry } from '../../src/compress/registry.ts';
import type { Compressor, ContentKind } from '../../src/compress/types.ts';
import { createStore } from '../../src/store/store.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { serviceLog } from '../fixtures/bodies.ts';

const none: readonly Compressor[] = [];
function registryWith(log: Compressor[]): Registry {
  const compressors = { json: none, log, search: none, diff: none, html: none, table: none, code: none, text: none } satisfies Record<ContentKind, readonly Compressor[]>;
  return { detectors: DETECTORS, compressors };
}

const keepTen: Compressor = {
  name: 'keep-ten',
  compress: (input, ctx) => ({ text: `${input.text.split('\n').slice(0, 10).join('\n')}\n${ctx.marker('kept 10 lines')}`, lossy: true }),
};
const throws: Compressor = { name: 'throws', compress: () => { throw new Error('boom'); } };
const inflates: Compressor = { name: 'inflates', compress: (input) => ({ text: input.text + input.text, lossy: false }) };
const slow: Compressor = {
  name: 'slow',
  compress: (input, ctx) => { while (ctx.now() <= ctx.deadline) { /* spin past the budget */ } return { text: 'x', lossy: false }; },
};

const log = serviceLog();

describe('compressText pipeline', () => {
  it('applies the first compressor that clears the gain, stores the original and returns its id', async () => {
    const store = createStore(createStorage());
    const r = await compressText(log, { kind: 'log', registry: registryWith([keepTen]), store });
    expect(r.lossy).toBe(true);
    expect(r.ids).toHaveLength(1);
    expect(r.text).toContain(`id=${r.ids[0]}]`);
    expect(await store.getOriginal(r.ids[0]!)).toBe(log);
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
    expect(r.decisions).toMatchObject([{ kind: 'log', compressor: 'keep-ten', outcome: 'applied' }]);
  });

  it('fails open when a compressor throws, and records why', async () => {
    const r = await compressText(log, { kind: 'log', registry: registryWith([throws]) });
    expect(r.text).toBe(log);
    expect(r.decisions).toMatchObject([{ compressor: 'throws', outcome: 'error', reason: 'threw: boom' }]);
  });

  it('falls through to the next compressor after an error', async () => {
    const r = await compressText(log, { kind: 'log', registry: registryWith([throws, keepTen]) });
    expect(r.decisions[0]).toMatchObject({ compressor: 'keep-ten', outcome: 'applied' });
  });

  it('never returns more tokens than came in', async () => {
    const r = await compressText(log, { kind: 'log', registry: registryWith([inflates]) });
    expect(r.text).toBe(log);
    expect(r.tokensAfter).toBe(r.tokensBefore);
    expect(r.decisions[0]).toMatchObject({ outcome: 'below-gain' });
  });

  it('leaves the block unchanged when the time budget is exceeded', async () => {
    const r = await compressText(log, { kind: 'log', registry: registryWith([slow]), budgetMs: 5 });
    expect(r.text).toBe(log);
    expect(r.decisions[0]).toMatchObject({ outcome: 'error', reason: 'time budget exceeded' });
  });

  it('skips small blobs and text that already carries a headroom marker', async () => {
    expect((await compressText('tiny', { registry: registryWith([keepTen]) })).decisions[0]).toMatchObject({ outcome: 'skipped' });
    const once = await compressText(log, { kind: 'log', registry: registryWith([keepTen]), minTokens: 5 });
    const twice = await compressText(once.text, { kind: 'log', registry: registryWith([keepTen]), minTokens: 5 });
    expect(twice.text).toBe(once.text);
    expect(twice.decisions[0]).toMatchObject({ outcome: 'skipped', reason: 'already compressed by headroom' });
  });

  it('does not emit a marker when the original cannot be stored', async () => {
    const broken = createStore(createStorage({ driver: { setItem: () => { throw new Error('disk full'); }, getItem: () => null, hasItem: () => false, getKeys: () => [] } as never }));
    const r = await compressText(log, { kind: 'log', registry: registryWith([keepTen]), store: broken });
    expect(r.text).toBe(log);
    expect(r.decisions[0]?.reason).toMatch(/store failed/);
  });

  it('is deterministic', async () => {
    const a = await compressText(log, { query: 'why did ord_8812 fail' });
    const b = await compressText(log, { query: 'why did ord_8812 fail' });
    expect(a.text).toBe(b.text);
    expect(a.ids).toEqual(b.ids);
  });

  it('rejects an unknown kind with a typed error', async () => {
    await expect(compressText(log, { kind: 'nope' as ContentKind })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
