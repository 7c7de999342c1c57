/**
 * The e2e stack: the scripted upstream on 127.0.0.1 and the real gateway (runtimes/node.ts, memory store) in front
 * of it, plus helpers to read what the upstream received and what the gateway recorded.
 */
import { serveNode } from '../../runtimes/node.ts';
import { hasMarker, markerIds } from '../../src/ccr/marker.ts';
import type { RequestRecord, Totals } from '../../src/proxy/stats.ts';
import { startAgentUpstream, type AgentUpstream, type Exchange, type Script } from './agent-upstream.ts';

export interface Stack {
  upstream: AgentUpstream;
  /** The gateway's base URL, e.g. http://127.0.0.1:PORT (no /v1). */
  base: string;
  stats(): Promise<{ totals: Totals; recent: RequestRecord[] }>;
  retrieve(id: string): Promise<string>;
  close(): Promise<void>;
}

export async function startStack(script: Script): Promise<Stack> {
  const upstream = await startAgentUpstream(script);
  const proxy = await serveNode({
    port: 0, store: 'memory', logLevel: 'silent',
    config: { upstreams: { anthropic: upstream.url, openai: upstream.url } },
  });
  const base = `http://127.0.0.1:${proxy.port}`;
  return {
    upstream, base,
    // Records are written once the answer is out and the process is quiet (exact counts first): read them once
    // their number has stopped changing.
    stats: async () => {
      const read = async () => (await fetch(`${base}/stats?limit=200`)).json() as Promise<{ totals: Totals; recent: RequestRecord[] }>;
      let last = await read();
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const next = await read();
        if (next.recent.length === last.recent.length && next.recent.length > 0) return next;
        last = next;
      }
      return last;
    },
    retrieve: async (id) => {
      const res = await fetch(`${base}/v1/retrieve/${id}`);
      if (res.status !== 200) throw new Error(`retrieve ${id}: HTTP ${res.status} ${await res.text()}`);
      return res.text();
    },
    close: async () => {
      await proxy.close();
      await upstream.close();
    },
  };
}

export function bodyOf(ex: Exchange): Record<string, unknown> {
  return JSON.parse(ex.body.toString('utf8')) as Record<string, unknown>;
}

/** The text of a tool result in any provider's shape: a string, or a list of text / input_text parts. */
export function toolText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
}

/** What every "the upstream saw compressed tool output" assertion checks, returned for the test to assert on. */
export function compressionFacts(sent: string, original: string) {
  return { hasMarker: hasMarker(sent), ids: markerIds(sent), sentChars: sent.length, originalChars: original.length };
}

/** Parsed `data:` payloads of SSE frames (skipping `[DONE]`), for comparing with what an SDK yielded. */
export function frameData(frames: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const f of frames) {
    const data = f.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
    if (data && data !== '[DONE]') out.push(JSON.parse(data));
  }
  return out;
}
