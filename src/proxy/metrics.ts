/**
 * `GET /metrics`: the request ledger as Prometheus counters and histograms, in the text exposition format 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats). Counted in process from the moment the proxy starts, as
 * Prometheus expects of counters (it handles the reset on restart); `/stats` holds the persisted totals.
 * Our compression savings and the provider's usage (incl. cache reads/writes) are separate metrics, never summed.
 */
import { volatileSpans } from './cache-aligner.ts';
import { compressorErrorsOf, type RequestRecord } from './stats.ts';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Readonly<Record<string, string>>;

/** Label values escape backslash, double quote and newline; HELP text escapes backslash and newline. */
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

interface Family {
  render(): string[];
}

class Counter implements Family {
  private readonly series = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels, by = 1): void {
    const key = JSON.stringify(labels);
    const s = this.series.get(key) ?? { labels, value: 0 };
    s.value += by;
    this.series.set(key, s);
  }

  render(): string[] {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} counter`];
    for (const s of this.series.values()) out.push(`${this.name}${labelText(s.labels)} ${num(s.value)}`);
    return out;
  }
}

class Histogram implements Family {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}

  observe(labels: Labels, value: number): void {
    const key = JSON.stringify(labels);
    const s = this.series.get(key) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((le, i) => {
      if (value <= le) s.counts[i]!++;
    });
    s.sum += value;
    s.count++;
    this.series.set(key, s);
  }

  render(): string[] {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      // Buckets are cumulative and end with le="+Inf", which equals the count.
      this.buckets.forEach((le, i) => out.push(`${this.name}_bucket${labelText(s.labels, ['le', num(le)])} ${s.counts[i]}`));
      out.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      out.push(`${this.name}_sum${labelText(s.labels)} ${num(s.sum)}`, `${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

export interface Metrics {
  observe(r: RequestRecord): void;
  /** The exposition text, ending with a newline. */
  render(): string;
}

const COMPRESS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createMetrics(): Metrics {
  const requests = new Counter('headroom_requests_total', 'LLM requests proxied, by provider and upstream status.');
  const compressed = new Counter('headroom_compressed_requests_total', 'Requests in which our compression saved tokens.');
  const before = new Counter('headroom_tool_output_tokens_before_total', 'Tool-output tokens examined by our compression (o200k), before: the denominator of our savings.');
  const after = new Counter('headroom_tool_output_tokens_after_total', 'Tool-output tokens after our compression (o200k).');
  const input = new Counter('headroom_provider_input_tokens_total', 'Uncached input tokens the provider reported (after our compression).');
  const output = new Counter('headroom_provider_output_tokens_total', 'Output tokens the provider reported.');
  const cacheRead = new Counter('headroom_provider_cache_read_tokens_total', 'Input tokens the provider read from its prompt cache (its discount, not ours).');
  const cacheWrite = new Counter('headroom_provider_cache_write_tokens_total', 'Input tokens the provider wrote to its prompt cache.');
  const errors = new Counter('headroom_errors_total', 'Failures by kind: upstream (status >= 400), compression (request failed open), compressor (one block failed open: threw or over budget), incomplete (stream cut or client gone).');
  const volatile = new Counter('headroom_prefix_volatile_requests_total', 'Requests whose cacheable prefix changed because of volatile content (see /stats).');
  const compressTime = new Histogram('headroom_compression_duration_seconds', 'Time spent reading and compressing the request body.', COMPRESS_BUCKETS);
  const upstreamTime = new Histogram('headroom_upstream_duration_seconds', 'Time until the upstream answered with response headers.', UPSTREAM_BUCKETS);
  const families: Family[] = [requests, compressed, before, after, input, output, cacheRead, cacheWrite, errors, volatile, compressTime, upstreamTime];

  return {
    observe(r) {
      const p = { provider: r.provider };
      const pm = { provider: r.provider, model: r.model ?? '' };
      requests.inc({ ...p, status: String(r.status) });
      if (r.tokensAfter < r.tokensBefore) compressed.inc(p);
      before.inc(p, r.tokensBefore);
      after.inc(p, r.tokensAfter);
      input.inc(pm, r.usage.input);
      output.inc(pm, r.usage.output);
      cacheRead.inc(pm, r.usage.cacheRead);
      cacheWrite.inc(pm, r.usage.cacheWrite);
      if (r.status >= 400) errors.inc({ ...p, kind: 'upstream' });
      if (r.error) errors.inc({ ...p, kind: 'compression' });
      const failedOpen = compressorErrorsOf(r);
      if (failedOpen > 0) errors.inc({ ...p, kind: 'compressor' }, failedOpen);
      if (!r.completed) errors.inc({ ...p, kind: 'incomplete' });
      if (volatileSpans(r.prefix).length > 0) volatile.inc(p);
      compressTime.observe(p, r.compressMs / 1000);
      upstreamTime.observe(p, r.upstreamMs / 1000);
    },
    render: () => `${families.flatMap((f) => f.render()).join('\n')}\n`,
  };
}
