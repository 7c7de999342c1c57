/**
 * Durability of the stores: a real `headroom proxy` child (`--store fs` with HEADROOM_HOME in a temp dir, or
 * `--store redis://…` on a throwaway redis-server) is SIGKILLed while compressions are writing originals, then
 * restarted on the same data. Every CCR id handed out before the kill must be retrievable with its exact original;
 * no fs entry may be partially written; stats survive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerIds } from '../../src/ccr/marker.ts';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.ts';
import { redisMissing, startRedis, type RedisServer } from '../store/redis-server.ts';
import { eventually, sleep } from './fault-upstream.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-d', 'anthropic-version': '2023-06-01' };

let home: string;
let upstream: FakeUpstream;
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headroom-durable-'));
  upstream = await startFakeUpstream();
  upstream.script({ kind: 'json', body: { id: 'msg_1', type: 'message', usage: { input_tokens: 5, output_tokens: 1 } } });
});
afterAll(async () => {
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

interface Proxy { base: string; child: ChildProcess }

async function startProxy(store = 'fs'): Promise<Proxy> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/headroom.mjs'), 'proxy', '--port', '0', '--store', store, '--log-level', 'warn',
    '--anthropic-upstream', upstream.url, '--openai-upstream', upstream.url], {
    cwd: ROOT, env: { ...process.env, HOME: home, HEADROOM_HOME: join(home, 'data'), HEADROOM_KEYS: '', HEADROOM_STORE: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => { const m = /listening on (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]!); });
    child.once('exit', (code) => reject(new Error(`headroom proxy exited (${code}): ${out}`)));
  });
  return { base, child };
}

async function kill(p: Proxy, signal: NodeJS.Signals = 'SIGKILL') {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill(signal);
  await exited;
}

/** A distinct tool output per request (its own CCR id), big enough to be compressed lossily. */
function toolLog(n: number): string {
  return Array.from({ length: 400 }, (_, i) => (i === 200
    ? `2026-03-01T00:00:00Z ERROR job-${n} failed: disk full on /var/data/${n}`
    : `2026-03-01T00:${String(i % 60).padStart(2, '0')}:00Z INFO job-${n} step ${i} done in ${(i * 7 + n) % 100}ms`)).join('\n');
}

function body(n: number): string {
  return JSON.stringify({
    model: 'claude-x', max_tokens: 5, messages: [
      { role: 'user', content: `why did job ${n} fail?` },
      { role: 'assistant', content: [{ type: 'tool_use', id: `t${n}`, name: 'Bash', input: { command: `cat job-${n}.log` } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${n}`, content: toolLog(n) }] },
    ],
  });
}

/** Sends requests from `workers` loops until stopped; records the ids each answered request carried upstream. */
function drive(p: Proxy, first: number, workers: number) {
  const handedOut = new Map<string, string>();
  let next = first;
  let stop = false;
  const loop = async () => {
    while (!stop) {
      const n = next++;
      try {
        const res = await fetch(`${p.base}/v1/messages`, { method: 'POST', headers: { ...HEADERS, 'x-durable-n': String(n) }, body: body(n) });
        await res.text();
        if (res.status !== 200) continue;
        // The client has its answer: every id the upstream saw in this request is now "handed out".
        const sent = upstream.requests.find((r) => r.headers['x-durable-n'] === String(n));
        for (const id of markerIds(sent?.body.toString('utf8') ?? '')) handedOut.set(id, toolLog(n));
      } catch {
        // The kill: requests in flight fail; only answered ones count.
      }
    }
  };
  const running = Promise.all(Array.from({ length: workers }, loop));
  return { handedOut, get sent() { return next - first; }, stop: async () => { stop = true; await running; } };
}

/** Every file under the store is a whole entry (temp files of an interrupted atomic write are not entries). */
function tornEntries(dir: string): string[] {
  const torn: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (!e.name.endsWith('.headroom-tmp')) {
        try {
          JSON.parse(readFileSync(path, 'utf8'));
        } catch {
          torn.push(path);
        }
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return torn;
}

const noRedis = redisMissing();
let redis: RedisServer | undefined;
afterAll(async () => { await redis?.stop(); });

describe.each([
  { name: 'fs', skip: undefined as string | undefined },
  { name: 'redis', skip: noRedis },
])('$name store: SIGKILL during writes', ({ name, skip }) => {
  it.skipIf(skip !== undefined)('keeps every handed-out id and the stats across kill/restart cycles, with no torn entry', async () => {
    let spec = 'fs';
    if (name === 'redis') {
      redis = await startRedis();
      spec = redis.url;
    }
    const store = join(home, 'data', 'store');
    const all = new Map<string, string>();
    let statsBefore = 0;
    let n = 0;
    const cycles = 3;
    for (let cycle = 0; cycle < cycles; cycle++) {
      const p = await startProxy(spec);
      // Everything handed out so far, in earlier lives of the proxy, is still there.
      for (const [id, original] of all) {
        const res = await fetch(`${p.base}/v1/retrieve/${id}`);
        expect(res.status, `id ${id} lost after restart ${cycle}`).toBe(200);
        expect(await res.text()).toBe(original);
      }
      const totals = (await (await fetch(`${p.base}/stats`)).json() as { totals: { requests: number } }).totals;
      expect(totals.requests).toBeGreaterThanOrEqual(statsBefore);
      // A calm phase whose stats must survive, then a burst killed mid-write.
      const calm = drive(p, n, 2);
      await eventually(() => calm.handedOut.size >= 5, 20_000);
      await calm.stop();
      n += calm.sent + 1;
      await sleep(300);
      statsBefore = (await (await fetch(`${p.base}/stats`)).json() as { totals: { requests: number } }).totals.requests;
      expect(statsBefore).toBeGreaterThan(0);
      const burst = drive(p, n, 12);
      await eventually(() => burst.handedOut.size >= 20, 20_000);
      await kill(p);
      await burst.stop();
      n += burst.sent + 1;
      for (const m of [calm.handedOut, burst.handedOut]) for (const [id, text] of m) all.set(id, text);
      if (name === 'fs') expect(tornEntries(store)).toEqual([]);
    }
    // The last life: everything from every cycle, then a clean stop.
    const p = await startProxy(spec);
    try {
      let lost = 0;
      for (const [id, original] of all) {
        const res = await fetch(`${p.base}/v1/retrieve/${id}`);
        if (res.status !== 200 || (await res.text()) !== original) lost++;
      }
      const totals = (await (await fetch(`${p.base}/stats`)).json() as { totals: { requests: number } }).totals;
      console.log(`[reliability] durability (${name}): ${cycles} SIGKILLs mid-write, ${all.size} ids handed out, ${lost} lost; stats ${totals.requests} requests after restarts`);
      expect(lost).toBe(0);
      expect(totals.requests).toBeGreaterThanOrEqual(statsBefore);
    } finally {
      await kill(p, 'SIGTERM');
    }
  }, 180_000);
});

describe('fs driver: a rewrite killed half-way', () => {
  // The stats totals item is rewritten on every request; unstorage's stock fs driver truncates then writes, so a
  // kill in between left a torn file and the totals reset to zero on restart. Writes now go through a temp file.
  it('leaves the previous or the new value, never a torn file (5 kills of a 4 MB rewrite loop)', async () => {
    for (let i = 0; i < 5; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'headroom-rewrite-'));
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/reliability/fixtures/rewriter.ts'), dir, 'atomic'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
        const file = join(dir, 'stats', 'totals');
        await eventually(() => existsSync(file), 20_000);
        await sleep(150 + i * 53);
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { requests: number };
        expect(saved.requests).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 120_000);
});
