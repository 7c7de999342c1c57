/** How CLI commands read a running proxy over HTTP: one clear line when none is listening or it answers an error. */
import { CliError } from './errors.ts';

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

export const urlArg = { type: 'string', default: DEFAULT_PROXY_URL, description: 'Where the headroom proxy listens' } as const;

/** No default shown in --help: the key comes from the flag or HEADROOM_KEY, and a secret never appears in usage text. */
export const keyArg = { type: 'string', description: 'Gateway key of a team gateway, sent as x-headroom-key (default: $HEADROOM_KEY)' } as const;

/** The gateway key to send: --key, else HEADROOM_KEY; none (a local proxy needs none) when both are unset or empty. */
export function gatewayKey(flag: string | undefined, env: Record<string, string | undefined> = process.env): string | undefined {
  return flag?.trim() || env.HEADROOM_KEY?.trim() || undefined;
}

/** GETs `path` from the proxy at `base` (with the gateway key, if any) and returns its JSON body. */
export async function getProxyJson(base: string, path: string, key?: string): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new CliError(`--url must be an http(s) URL, got "${base}"`);
  }
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json', ...(key ? { 'x-headroom-key': key } : {}) }, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code === 'ECONNREFUSED' ? 'nothing is listening there' : (cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)));
    throw new CliError(`no headroom proxy at ${base} (${why}); start one with \`headroom proxy\` or pass --url`);
  }
  if (res.status === 401) {
    throw new CliError(key
      ? `${base} refused the gateway key (401); check --key or HEADROOM_KEY`
      : `${base} is a team gateway and needs a key (401): pass --key hrk_… or set HEADROOM_KEY`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(`${url.href} answered ${res.status} with something that is not JSON (is this a headroom proxy?)`);
  }
  if (!res.ok) {
    const message = (body as { error?: { message?: unknown } }).error?.message;
    throw new CliError(typeof message === 'string' ? message.replace(/^headroom: /, '') : `${url.href} answered ${res.status}`);
  }
  return body;
}

const fmt = new Intl.NumberFormat('en-US');
export const n = (v: number) => fmt.format(Math.round(v));
export const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');

const NUMERIC = /^(—|[\d,.]+%?( \((\d+%|—)\)| of [\d,]+)?)$/;

/** Columns padded to their widest cell; columns of counts (`1,234`, `56 (7%)`, `8 of 9`) right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = header.map((_, i) => rows.length > 0 && rows.every((r) => NUMERIC.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
