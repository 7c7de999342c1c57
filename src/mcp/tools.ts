/**
 * What the headroom MCP tools do, apart from the SDK: compress a blob (keeping the original retrievable), retrieve
 * an original, summarise savings. Expected failures are returned as error results the model can read.
 */
import { compressText } from '../compress/compress-text.ts';
import { HeadroomError } from '../errors.ts';
import type { Memory } from '../memory/memory.ts';
import type { MemoryContext } from '../memory/types.ts';
import type { Totals } from '../proxy/stats.ts';
import type { Store } from '../store/store.ts';

export interface McpDeps {
  store: Store;
  memory: Memory;
  /** The project (git root) the client works in, resolved by the runtime; scopes memory notes. */
  context: MemoryContext;
  /** The request ledger's totals (the proxy's own, or the one it keeps in the shared data dir); undefined if none. */
  totals: () => Promise<Totals | undefined>;
  version: string;
}

export interface ToolOutcome {
  text: string[];
  isError: boolean;
  data?: Record<string, unknown>;
}

const failure = (err: unknown): ToolOutcome => {
  if (err instanceof HeadroomError) return { text: [err.message], isError: true };
  throw err;
};

export async function compressTool(deps: McpDeps, content: string, query?: string): Promise<ToolOutcome> {
  try {
    const r = await compressText(content, { query, store: deps.store });
    // The whole input is kept under its own id too, so one retrieve gives back exactly what was passed in.
    const id = await deps.store.putOriginal(content, { kind: r.kind, toolName: 'headroom_compress' });
    const data = { id, kind: r.kind, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, lossy: r.lossy, ids: r.ids };
    const note = `[headroom: ${r.tokensBefore} → ${r.tokensAfter} tokens (${r.kind}); the full original is id=${id}, returned by headroom_retrieve]`;
    return { text: [r.text, note], isError: false, data };
  } catch (err) {
    return failure(err);
  }
}

export async function retrieveTool(deps: McpDeps, id: string): Promise<ToolOutcome> {
  try {
    // Tolerate the model pasting the whole marker or `id=…`.
    const hex = /[0-9a-f]{32}/i.exec(id)?.[0]?.toLowerCase() ?? id.trim();
    return { text: [await deps.store.getOriginal(hex)], isError: false };
  } catch (err) {
    return failure(err);
  }
}

export async function statsTool(deps: McpDeps): Promise<ToolOutcome> {
  const t = await deps.totals();
  const notes = (await deps.memory.list(deps.context)).length;
  const saved = t ? t.tokensBefore - t.tokensAfter : 0;
  const data = {
    version: deps.version,
    project: deps.context.project ?? null,
    memoryNotes: notes,
    proxy: t
      ? {
        since: new Date(t.since).toISOString(), requests: t.requests, compressedRequests: t.compressedRequests, errors: t.errors,
        toolTokensBefore: t.tokensBefore, toolTokensAfter: t.tokensAfter, toolTokensSaved: saved,
        savedPercent: t.tokensBefore > 0 ? Math.round((saved / t.tokensBefore) * 1000) / 10 : 0,
        providerUsage: t.usage,
      }
      : null,
  };
  const lines = [
    `headroom ${deps.version}`,
    t
      ? `proxy: ${t.requests} requests since ${data.proxy!.since}; tool-output tokens ${t.tokensBefore} → ${t.tokensAfter} (saved ${saved}, ${data.proxy!.savedPercent}%, counted with o200k); provider cache reads ${t.usage.cacheRead} tokens (reported separately, not our savings)`
      : 'proxy: no requests recorded yet',
    `memory: ${notes} notes visible${deps.context.project ? ` in ${deps.context.project}` : ''}`,
  ];
  return { text: [lines.join('\n')], isError: false, data };
}
