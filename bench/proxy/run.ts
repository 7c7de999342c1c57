/**
 * `npm run bench:proxy`: the gateway's own cost, measured in one process on loopback against a fake upstream —
 * direct vs through the proxy, interleaved round by round so a noisy machine slows both alike.
 * Flags: --json (write .bench-out/proxy.json), --markdown (print README tables), --quick (fewer rounds),
 * --in-process (run the proxy on the bench's own event loop instead of a child process).
 * Exits non-zero when a streamed byte differs or a stream fails; missed latency targets are reported, not fatal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress, renderMarkdown, renderText, type Table } from '../report.ts';
import { bigBodies } from './bodies.ts';
import { bigBodySteps, passthroughLayers } from './breakdown.ts';
import { closeClient } from './client.ts';
import { concurrentStreams } from './concurrent.ts';
import { bigBody, passthrough, type Scale, ttfb } from './latency.ts';
import { measured } from './measure.ts';
import { startServers } from './servers.ts';
import { paired } from './stats.ts';
import { smallBody } from './bodies.ts';
import * as T from './tables.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const quick = flag('quick');
const inProcess = flag('in-process');
const scale: Scale = quick
  ? { passthroughRounds: 600, ttfbRounds: 100, bigRounds: 10 }
  : { passthroughRounds: 2000, ttfbRounds: 300, bigRounds: 25 };

const started = performance.now();
const s = await startServers(inProcess);
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();
progress(`proxy ${inProcess ? 'in the bench process' : 'in its own process'}; node ${process.version}; load average ${loadBefore}`);
const bigs = bigBodies();
try {
  progress(`1/5 passthrough (${scale.passthroughRounds} pairs)`);
  const pass = await passthrough(s, scale);
  progress(`2/5 SSE time to first byte (${scale.ttfbRounds} pairs)`);
  const first = await ttfb(s, scale);
  progress(`3/5 ~100k-token tool results (${scale.bigRounds} pairs each)`);
  const big = [];
  for (const [i, b] of bigs.entries()) big.push(await bigBody(s, scale, b, `big${i}`));
  progress('4/5 100 concurrent streams: direct, proxy, proxy on global fetch');
  const bursts = await concurrentStreams(s, ['direct', 'proxy', 'proxy-global-fetch'], quick ? 2 : 3);
  progress('5/5 outbound client: undici pool vs global fetch');
  const clients = await paired(
    { direct: s.origins.direct, undici: s.origins.proxy, global: s.origins['proxy-global-fetch'] },
    () => ({ path: '/v1/messages', body: smallBody() }), quick ? 400 : 1000, 'totalMs',
  );
  const viaUndici = measured('passthrough, undici pool', 'latency', clients, 'undici', []);
  const viaGlobal = measured('passthrough, global fetch', 'latency', clients, 'global', []);
  progress('breakdown: passthrough layers, compressed-path steps');
  const layerRows = await passthroughLayers(s, quick ? 300 : 600);
  const stepRows = [];
  for (const b of bigs) stepRows.push({ kind: b.kind, steps: await bigBodySteps(b) });

  const headline = [pass, first, ...big];
  const tables: Table[] = [
    T.headline(headline),
    T.compression(big),
    T.streams({ direct: 'direct', proxy: 'proxy (shipped)', 'proxy-global-fetch': 'proxy on global fetch' }, bursts),
    T.outbound(viaUndici, viaGlobal, [bursts[1]!, bursts[2]!]),
    T.raw([...headline, viaUndici, viaGlobal]),
    T.layers(layerRows),
    ...stepRows.map((r) => T.steps(r.kind, r.steps)),
  ];
  if (flag('markdown')) for (const t of tables) { if (!t.detail) console.log(renderMarkdown(t)); }
  else for (const t of tables) console.log(renderText(t));

  const streamFailures = bursts.flat().reduce((n, b) => n + b.failures, 0);
  const misses = headline.filter((m) => !m.pass).map((m) => m.name);
  if (flag('json')) {
    const dir = join(ROOT, '.bench-out');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'proxy.json');
    const payload = {
      node: process.version, platform: `${process.platform}-${process.arch}`, quick, inProcess, loadAverage: { before: loadBefore, after: load() }, scale, misses, streamFailures,
      passthrough: pass, ttfb: first, bigBody: big, concurrent: bursts, outbound: { undici: viaUndici, global: viaGlobal },
      breakdown: { layers: layerRows, steps: stepRows },
    };
    writeFileSync(file, JSON.stringify(payload, null, 2) + '\n');
    progress(`wrote ${file}`);
  }
  if (misses.length) progress(`targets missed: ${misses.join('; ')} (see the breakdown tables)`);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${load()} (a busy machine inflates every added figure)`);
  if (streamFailures) {
    console.error(`\nFAIL: ${streamFailures} concurrent stream(s) failed or arrived altered`);
    process.exitCode = 1;
  }
} finally {
  await s.close();
  await closeClient();
}
