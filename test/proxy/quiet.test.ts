import { describe, expect, it } from 'vitest';
import { createQuietGate } from '../../src/proxy/quiet.ts';

const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

describe('QuietGate (bookkeeping waits while a request is on its request path)', () => {
  it('lets a waiter go a macrotask later when nothing is on the request path', async () => {
    const gate = createQuietGate();
    let went = false;
    const q = gate.quiet().then(() => { went = true; });
    await Promise.resolve();
    expect(went).toBe(false); // never synchronously, never in the same microtask run
    await q;
    expect(went).toBe(true);
  });

  it('holds a waiter while requests are in, releases it once the last one leaves', async () => {
    const gate = createQuietGate();
    const leaveA = gate.enter();
    const leaveB = gate.enter();
    let went = false;
    const q = gate.quiet(10_000).then(() => { went = true; });
    await tick(20);
    leaveA();
    leaveA(); // leaving twice counts once
    await tick(20);
    expect(went).toBe(false);
    expect(gate.active).toBe(1);
    leaveB();
    await q;
    expect(went).toBe(true);
    expect(gate.active).toBe(0);
  });

  it('keeps waiting when a new request arrives before the release runs', async () => {
    const gate = createQuietGate();
    const leaveA = gate.enter();
    let went = false;
    void gate.quiet(10_000).then(() => { went = true; });
    await tick(5);
    leaveA();
    const leaveB = gate.enter(); // same macrotask as the leave: the release finds the path busy again
    await tick(20);
    expect(went).toBe(false);
    leaveB();
    await tick(20);
    expect(went).toBe(true);
  });

  it('goes ahead after maxWaitMs on a process that is never quiet', async () => {
    const gate = createQuietGate();
    gate.enter();
    const t0 = performance.now();
    await gate.quiet(40);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
  });
});
