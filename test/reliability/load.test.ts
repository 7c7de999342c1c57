/**
 * The CI-sized load run (10 s, 200 concurrent streaming sessions); `npm run test:load` runs the full 60 s one.
 * No timing asserts: it fails on a failed request or a stream that differs from the upstream's bytes.
 */
import { expect, it } from 'vitest';
import { formatReport, runLoad } from './load.ts';

it('200 concurrent streaming sessions for 10 s: no failures, every stream byte-identical', async () => {
  const report = await runLoad({ seconds: Number(process.env.HEADROOM_LOAD_SECONDS ?? 10), sessions: 200 });
  console.log(`[reliability] ${formatReport(report)}`);
  expect(report.failures).toEqual([]);
  expect(report.mismatched).toBe(0);
  expect(report.requests).toBeGreaterThan(200);
  expect(report.compressedRequests).toBeGreaterThan(0);
}, 120_000);
