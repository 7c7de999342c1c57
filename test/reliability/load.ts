/**
 * Load: N concurrent streaming sessions for a fixed time through a real `headroom proxy` child process (compression
 * on; fs store in a temp HOME, so stored originals are on disk rather than counted as RSS growth) against a
 * streaming fake upstream, all on 127.0.0.1. Each session is a growing agent conversation: every turn adds a fresh tool output (compressed in the live zone) and streams an answer whose bytes
 * the client compares with what the upstream wrote. Reports failures, added latency (p50/p99) and the proxy's RSS,
 * sampled every second, with its least-squares slope.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface LoadOptions {
  /** The measured run; sessions start `warmupSeconds` earlier (default: a fifth of `seconds`). */
  seconds: number;
  warmupSeconds?: number;
  sessions: number;
  /** SSE events per answer, and the upstream's pause between them (ms). */
  events?: number;
  gapMs?: number;
  /** Turns before a session starts a new conversation (bounds body size). */
  turns?: number;
  /** The agent's pause between turns (running the tool), ms. */
  thinkMs?: number;
}

export interface LoadReport {
  seconds: number;
  sessions: number;
  requests: number;
  failed: number;
  failures: string[];
  mismatched: number;
  compressedRequests: number;
  warmupSeconds: number;
  /** Cold start: all sessions' first requests reach a fresh process at once (grammars, tokenizer, JIT). */
  coldAddedMs: { p50: number; p99: number; max: number };
  /** After warm-up: the steady state the run is judged on. */
  steadyAddedMs: { p50: number; p99: number; max: number };
  rssMb: { first: number; last: number; max: number; slopeMbPerMin: number; samples: number[] };
}

/** Least-squares slope of y over x (per unit of x). */
export function slope(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => { num += (x - mx) * (y - my); den += (x - mx) ** 2; });
  return num / den;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The answer the upstream streams for a request tag (so the client knows the exact bytes to expect). */
function answer(tag: string, events: number): string[] {
  const ev = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    ev('message_start', { type: 'message_start', message: { id: `msg_${tag}`, type: 'message', role: 'assistant', content: [], model: 'claude-load', usage: { input_tokens: 900, output_tokens: 1 } } }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...Array.from({ length: events }, (_, i) => ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${tag} part ${i}. ` } })),
    ': keep-alive comment\n\n',
    ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: events } }),
    ev('message_stop', { type: 'message_stop' }),
  ];
}

/** A fresh log of `lines` lines for one turn: different numbers per session and turn, one error to keep. */
function toolLog(session: number, turn: number, lines = 300): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const ts = `2026-02-0${1 + (turn % 9)}T1${session % 10}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}Z`;
    out.push(i === 150 ? `${ts} ERROR api-${session} upstream timeout on order ord_${session}_${turn}` : `${ts} INFO api-${session} GET /v1/items/${turn * 1000 + i} 200 ${(i * 13) % 90}ms`);
  }
  return out.join('\n');
}

interface Timing { sent: number; received?: number; firstWrite?: number }

async function startUpstream(events: number, gapMs: number, timings: Map<string, Timing>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const tag = String(req.headers['x-load-tag']);
    const t = timings.get(tag);
    if (t) t.received = performance.now();
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const parts = answer(tag, events);
      if (t) t.firstWrite = performance.now();
      for (const p of parts) {
        if (res.destroyed) return;
        res.write(p);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** Starts the built `headroom proxy` (bin/headroom.mjs) with a temp HOME; resolves with its base URL and pid. */
async function startProxy(upstream: string): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'headroom-load-'));
  // HEADROOM_LOAD_NODE_ARGS (e.g. "--cpu-prof --heapsnapshot-signal=SIGUSR2") profiles the proxy under load.
  const nodeArgs = (process.env.HEADROOM_LOAD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/headroom.mjs'), 'proxy', '--port', '0', '--store', 'fs', '--log-level', 'warn',
    '--anthropic-upstream', upstream, '--openai-upstream', upstream], {
    cwd: ROOT, env: { ...process.env, HOME: home, HEADROOM_HOME: join(home, 'data'), HEADROOM_KEYS: '', HEADROOM_STORE: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => { const m = /listening on (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]!); });
    child.once('exit', (code) => reject(new Error(`headroom proxy exited (${code}): ${out}`)));
  });
  return {
    base, pid: child.pid!,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => { rmSync(home, { recursive: true, force: true }); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  // Paced like a model and an agent: a ~2 s streamed answer, then ~1 s running the tool before the next turn.
  const events = opts.events ?? 40;
  const gapMs = opts.gapMs ?? 50;
  const turns = opts.turns ?? 6;
  const thinkMs = opts.thinkMs ?? 1_000;
  const timings = new Map<string, Timing>();
  const upstream = await startUpstream(events, gapMs, timings);
  const proxy = await startProxy(upstream.url);
  // One client connection per session, as 200 separate agents would have.
  const dispatcher = new Agent({ connections: opts.sessions + 8, keepAliveTimeout: 60_000 });
  const warmupSeconds = opts.warmupSeconds ?? opts.seconds / 5;
  // RSS is sampled every second from the end of warm-up (JIT, pools, V8's heap sizing and the in-memory caches
  // settle there); the trend is judged on these samples only.
  const samples: number[] = [];
  let sampler: ReturnType<typeof setInterval> | undefined;
  const warm = setTimeout(() => {
    samples.push(rssMb(proxy.pid));
    sampler = setInterval(() => samples.push(rssMb(proxy.pid)), 1_000);
  }, warmupSeconds * 1000);
  const added: { at: number; ms: number }[] = [];
  const t0 = performance.now();
  const failures: string[] = [];
  let requests = 0;
  let mismatched = 0;
  const until = performance.now() + (warmupSeconds + opts.seconds) * 1000;

  const session = async (s: number) => {
    let conversation = 0;
    while (performance.now() < until) {
      const messages: unknown[] = [{ role: 'user', content: `Session ${s}: why do orders fail?` }];
      conversation++;
      for (let turn = 0; turn < turns && performance.now() < until; turn++) {
        const id = `toolu_${s}_${conversation}_${turn}`;
        messages.push({ role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id, name: 'Bash', input: { command: `tail -n 300 api-${s}.log` } }] });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: toolLog(s, conversation * 100 + turn) }] });
        const tag = `s${s}c${conversation}t${turn}`;
        const body = JSON.stringify({ model: 'claude-load', max_tokens: 256, stream: true, system: 'You are a coding agent.', messages });
        const timing: Timing = { sent: performance.now() };
        timings.set(tag, timing);
        requests++;
        try {
          const res = await fetch(`${proxy.base}/v1/messages`, {
            method: 'POST', body, dispatcher,
            headers: { 'content-type': 'application/json', 'x-api-key': 'sk-load', 'anthropic-version': '2023-06-01', 'x-load-tag': tag, 'user-agent': 'load/1.0' },
          } as RequestInit);
          if (res.status !== 200) throw new Error(`status ${res.status}: ${(await res.text()).slice(0, 200)}`);
          const reader = res.body!.getReader();
          const chunks: Uint8Array[] = [];
          let first: number | undefined;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            first ??= performance.now();
            chunks.push(value);
          }
          const got = Buffer.concat(chunks).toString('utf8');
          if (got !== answer(tag, events).join('')) {
            mismatched++;
            throw new Error(`stream ${tag} differs from the upstream's bytes`);
          }
          if (timing.received !== undefined && timing.firstWrite !== undefined && first !== undefined) {
            added.push({ at: timing.sent - t0, ms: (timing.received - timing.sent) + (first - timing.firstWrite) });
          }
          messages.push({ role: 'assistant', content: [{ type: 'text', text: `${tag} answered.` }] });
          messages.push({ role: 'user', content: 'Go on.' });
          await new Promise((r) => setTimeout(r, thinkMs * (0.5 + ((s * 7 + turn) % 10) / 10)));
        } catch (err) {
          failures.push(`${tag}: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          timings.delete(tag);
        }
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.sessions }, (_, s) => session(s)));
    samples.push(rssMb(proxy.pid));
    const stats = await (await fetch(`${proxy.base}/stats`)).json() as { totals: { compressedRequests: number } };
    const dist = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0) };
    };
    const warmUpMs = warmupSeconds * 1000;
    // The first fifth is warm-up (JIT, pools, caches filling); the trend is judged on the rest.
    return {
      seconds: opts.seconds, sessions: opts.sessions, requests, failed: failures.length, failures: failures.slice(0, 10), mismatched,
      compressedRequests: stats.totals.compressedRequests,
      warmupSeconds,
      coldAddedMs: dist(added.filter((a) => a.at < warmUpMs).map((a) => a.ms)),
      steadyAddedMs: dist(added.filter((a) => a.at >= warmUpMs).map((a) => a.ms)),
      rssMb: {
        first: round(samples[0] ?? 0), last: round(samples.at(-1) ?? 0), max: round(Math.max(...samples)),
        slopeMbPerMin: round(slope(samples) * 60), samples: samples.map(round),
      },
    };
  } finally {
    clearTimeout(warm);
    clearInterval(sampler);
    await dispatcher.close();
    await proxy.stop();
    await upstream.close();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

export function formatReport(r: LoadReport): string {
  return [
    `load: ${r.sessions} concurrent streaming sessions for ${r.seconds} s (after ${r.warmupSeconds} s of warm-up) through headroom proxy (compression on)`,
    `  requests ${r.requests}, failed ${r.failed}, streams not byte-identical ${r.mismatched}, compressed ${r.compressedRequests}`,
    `  added latency (request leg + first-byte leg), measured run: p50 ${r.steadyAddedMs.p50} ms, p99 ${r.steadyAddedMs.p99} ms, max ${r.steadyAddedMs.max} ms`,
    `  warm-up (cold process, every session's first request at once): p50 ${r.coldAddedMs.p50} ms, p99 ${r.coldAddedMs.p99} ms, max ${r.coldAddedMs.max} ms`,
    `  proxy RSS over the measured run: first ${r.rssMb.first} MB, last ${r.rssMb.last} MB, max ${r.rssMb.max} MB, slope ${r.rssMb.slopeMbPerMin} MB/min (${r.rssMb.samples.length} samples)`,
    ...r.failures.map((f) => `  failure: ${f}`),
  ].join('\n');
}
