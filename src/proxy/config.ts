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
}

export const DEFAULT_CONFIG: ProxyConfig = {
  upstreams: { anthropic: 'https://api.anthropic.com', openai: 'https://api.openai.com' },
  maxBodyBytes: 64 * 1024 * 1024,
  compression: true,
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
