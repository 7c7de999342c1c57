/** Shared bits for the SDK-wrapper tests: the large tool output, and reading what the fake upstream received. */
import { expect } from 'vitest';
import { ERROR_LINE, commandOutput } from '../e2e/agents.ts';
import { hasMarker } from '../../src/ccr/marker.ts';
import type { FakeUpstream, Recorded } from '../proxy/fake-upstream.ts';

export const LOG = commandOutput();
export { ERROR_LINE };

export function lastBody(up: FakeUpstream): Record<string, unknown> & { raw: string } {
  const r: Recorded = up.requests[up.requests.length - 1]!;
  const raw = r.body.toString('utf8');
  return Object.assign(JSON.parse(raw) as Record<string, unknown>, { raw });
}

/** The upstream got the log compressed: a marker, the error line kept, far fewer characters. */
export function expectCompressed(sent: unknown): string {
  expect(typeof sent).toBe('string');
  const text = sent as string;
  expect(hasMarker(text), text.slice(0, 300)).toBe(true);
  expect(text).toContain(ERROR_LINE);
  expect(text.length).toBeLessThan(LOG.length / 5);
  return text;
}
