/** Proxy configuration, validated once at the boundary. */
import { InvalidInputError } from '../errors.ts';

export interface ProxyConfig {
  upstreams: { anthropic: string; openai: string };
  /** Requests with bodies larger than this get a 413 (bytes). */
  maxBodyBytes: number;
  /** Turn compression off entirely (pure passthrough, still observed). */
  compression: boolean;
  minTokens?: number;
  /** Offer memory_save / memory_search to the model and answer them in the gateway (`wrap --memory`). */
  memory?: boolean;
  /**
   * How long to wait for the upstream's response headers before answering 504 (ms). Generous by default: a
   * non-streaming request for a long answer only gets its headers once the whole answer is written. The body, once
   * started, is never timed out (a slow stream is still a live stream).
   */
  upstreamHeaderTimeoutMs: number;
  /** Per-blob time budget of a compressor (ms); one that overruns it leaves its block unchanged. */
  compressBudgetMs?: number;
}

export const DEFAULT_CONFIG: ProxyConfig = {
  upstreams: { anthropic: 'https://api.anthropic.com', openai: 'https://api.openai.com' },
  maxBodyBytes: 64 * 1024 * 1024,
  compression: true,
  upstreamHeaderTimeoutMs: 15 * 60 * 1000,
};

function upstreamUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(`${name} upstream "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidInputError(`${name} upstream must be http(s): ${value}`);
  return url.href.replace(/\/+$/, '');
}

export type ProxyConfigInput = Partial<Omit<ProxyConfig, 'upstreams'>> & { upstreams?: Partial<ProxyConfig['upstreams']> };

export function resolveConfig(partial: ProxyConfigInput = {}): ProxyConfig {
  const upstreams = { ...DEFAULT_CONFIG.upstreams, ...partial.upstreams };
  return {
    ...DEFAULT_CONFIG,
    ...partial,
    upstreams: { anthropic: upstreamUrl('anthropic', upstreams.anthropic), openai: upstreamUrl('openai', upstreams.openai) },
  };
}
