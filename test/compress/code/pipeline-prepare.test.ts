import { describe, expect, it } from 'vitest';
import { compressBlob } from '../../../src/compress/pipeline.ts';
import { analyzeQuery } from '../../../src/compress/relevance/query.ts';
import type { Registry } from '../../../src/compress/registry.ts';
import type { Compressor } from '../../../src/compress/types.ts';
import { createMemoryStore } from '../../../src/store/memory.ts';
import { DETECTORS } from '../../../src/compress/registry.ts';

const registryWith = (c: Compressor): Registry => ({
  detectors: DETECTORS,
  compressors: { json: [], log: [], search: [], diff: [], html: [], table: [], text: [], code: [c] },
});
const text = 'x = 1\n'.repeat(400);

describe('pipeline: the optional async prepare hook', () => {
  it('is awaited before the sync compress', async () => {
    let ready = false;
    const c: Compressor = {
      name: 'fake',
      async prepare() {
        await new Promise((r) => setTimeout(r, 5));
        ready = true;
      },
      compress: () => (ready ? { text: 'x = 1\n', lossy: false } : null),
    };
    const r = await compressBlob(text, 'code', 1, {}, analyzeQuery(''), { registry: registryWith(c), store: createMemoryStore() });
    expect(r.decision.outcome).toBe('applied');
    expect(r.text).toBe('x = 1\n');
  });
  it('a rejected prepare leaves the text unchanged and records an error', async () => {
    const c: Compressor = { name: 'fake', prepare: () => Promise.reject(new Error('no grammar')), compress: () => ({ text: '', lossy: false }) };
    const r = await compressBlob(text, 'code', 1, {}, analyzeQuery(''), { registry: registryWith(c) });
    expect(r.text).toBe(text);
    expect(r.decision).toMatchObject({ outcome: 'error', reason: 'prepare failed: no grammar' });
  });
});
