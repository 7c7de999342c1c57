/**
 * SRE incident: a checkout service's log (thousands of INFO lines, one exception with a stack trace buried inside)
 * and a metrics API response (hundreds of datapoints, one latency spike). The question asks what failed, where, and
 * how bad the spike was.
 */
import { createRng, isoAt, type Rng } from '../prng.ts';
import type { Workload } from './types.ts';

const T0 = Date.UTC(2025, 2, 14, 9, 0, 0);
const HOSTS = ['checkout-api-7d9f-1', 'checkout-api-7d9f-2', 'checkout-api-7d9f-3', 'checkout-api-7d9f-4'];
const BAD_HOST = 'checkout-api-7d9f-4';
const EXCEPTION = 'PaymentGatewayTimeoutError';
const SPIKE = '4873.6';
const ROUTES = ['GET /api/v1/cart/{id}', 'GET /api/v1/products/{id}', 'POST /api/v1/cart/{id}/items',
  'GET /api/v1/orders/{id}', 'POST /api/v1/orders', 'GET /healthz', 'GET /api/v1/shipping/quote'];

interface LogOpts { lines: number; errorAt: number }

function requestLine(rng: Rng, ms: number): string {
  const route = rng.pick(ROUTES);
  const [method, path] = route.split(' ') as [string, string];
  const status = rng.chance(0.03) ? rng.pick([404, 409]) : route.startsWith('POST') ? 201 : 200;
  const dur = Math.max(1, Math.round(18 + rng.gauss() * 6 + (route.includes('orders') ? 25 : 0)));
  return `${isoAt(T0, ms)} INFO  [${rng.pick(HOSTS)}] req=${rng.hex(16)} method=${method} path=${path.replace('{id}', String(rng.int(1000, 99999)))} status=${status} dur_ms=${dur} user=u_${rng.int(10000, 99999)}`;
}

function noiseLine(rng: Rng, ms: number): string {
  const host = rng.pick(HOSTS);
  const ts = isoAt(T0, ms);
  const r = rng.next();
  if (r < 0.72) return requestLine(rng, ms);
  if (r < 0.82) return `${ts} INFO  [${host}] cache hit key=cart:${rng.int(1000, 99999)} ttl_s=${rng.int(30, 600)}`;
  if (r < 0.9) return `${ts} DEBUG [${host}] pg pool stats total=20 idle=${rng.int(8, 19)} waiting=0`;
  if (r < 0.95) return `${ts} INFO  [${host}] kafka consumer group=checkout-events partition=${rng.int(0, 11)} lag=${rng.int(0, 40)}`;
  if (r < 0.99) return `${ts} INFO  [${host}] gc pause kind=minor dur_ms=${rng.int(1, 9)} heap_used_mb=${rng.int(310, 520)}`;
  return `${ts} WARN  [${host}] slow query dur_ms=${rng.int(250, 900)} stmt=select_cart_items`;
}

/** The exception block, as Node prints it, with the request line that triggered it. */
function incident(ms: number): string[] {
  const ts = isoAt(T0, ms);
  return [
    `${isoAt(T0, ms - 5004)} INFO  [${BAD_HOST}] req=c0ffee4b1d2e9a07 method=POST path=/api/v1/orders status=pending payment=stripe-proxy`,
    `${ts} ERROR [${BAD_HOST}] req=c0ffee4b1d2e9a07 POST /api/v1/orders failed: ${EXCEPTION}: upstream payment-gateway timed out after 5000 ms (attempt 3/3)`,
    `${EXCEPTION}: upstream payment-gateway timed out after 5000 ms (attempt 3/3)`,
    '    at PaymentClient.charge (/app/dist/payments/client.js:142:15)',
    '    at async OrderService.placeOrder (/app/dist/orders/service.js:88:22)',
    '    at async /app/dist/http/routes/orders.js:41:19',
    '    at async dispatch (/app/node_modules/hono/dist/compose.js:22:17)',
    `${isoAt(T0, ms + 2)} INFO  [${BAD_HOST}] req=c0ffee4b1d2e9a07 method=POST path=/api/v1/orders status=502 dur_ms=15011 user=u_48213`,
  ];
}

/** A service log of `lines` noise lines (one every ~2.4 s) with the incident before line `errorAt` (-1: none). */
export function serviceLog(seed: number, opts: LogOpts): { text: string; errorMs: number } {
  const rng = createRng(seed);
  const out: string[] = [];
  let ms = 0;
  let errorMs = -1;
  for (let i = 0; i < opts.lines; i++) {
    ms += rng.int(200, 4600);
    if (i === opts.errorAt) {
      out.push(...incident(ms));
      errorMs = ms;
    }
    out.push(noiseLine(rng, ms));
  }
  return { text: out.join('\n') + '\n', errorMs };
}

interface Point { timestamp: string; host: string; p50_ms: number; p99_ms: number; rps: number; error_rate: number }

const STEP_MS = 10_000;
const METRICS_FROM_MS = 30 * 60_000;

/** One datapoint per host per 10 s from 09:30; the spike sits on the failing host in the bucket of `spikeMs`. */
export function metricsJson(seed: number, points: number, spikeMs: number): string {
  const rng = createRng(seed);
  const data: Point[] = [];
  const spikeBucket = Math.floor((spikeMs - METRICS_FROM_MS) / STEP_MS);
  for (let i = 0; i < points; i++) {
    const host = HOSTS[i % HOSTS.length]!;
    const spike = host === BAD_HOST && Math.floor(i / HOSTS.length) === spikeBucket;
    data.push({
      timestamp: isoAt(T0, METRICS_FROM_MS + Math.floor(i / HOSTS.length) * STEP_MS),
      host,
      p50_ms: Math.round((21 + rng.gauss() * 2) * 10) / 10,
      p99_ms: spike ? Number(SPIKE) : Math.round((88 + rng.gauss() * 9) * 10) / 10,
      rps: rng.int(380, 460),
      error_rate: spike ? 0.31 : Math.round(rng.next() * 20) / 10000,
    });
  }
  return JSON.stringify(data, null, 2);
}

export function sreIncidentWorkload(seed = 2): Workload {
  const log = serviceLog(seed, { lines: 1500, errorAt: 1000 });
  const errorLine = log.text.split('\n').find((l) => l.includes(' ERROR '))!;
  return {
    name: 'SRE incident',
    question: 'Checkout orders started failing around 09:40 UTC. What exception is thrown, on which host, and how high did p99 latency spike?',
    outputs: [
      { label: 'kubectl logs checkout-api', text: log.text, toolName: 'Bash', command: 'kubectl logs deploy/checkout-api --since=1h' },
      { label: 'metrics p99', text: metricsJson(seed + 1, 360, log.errorMs), toolName: 'Bash',
        command: 'curl -s "https://metrics.internal/api/v1/series?service=checkout-api&window=1h&step=10s"' },
    ],
    gold: [errorLine, EXCEPTION, BAD_HOST, SPIKE],
    targetPct: 94,
    headroomPct: 92,
  };
}
