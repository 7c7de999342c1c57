/** `/mcp` on a running `headroom proxy` (streamable HTTP), driven by the MCP SDK's own Client. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceLog } from '../fixtures/bodies.ts';
import { httpClient, sandbox, startProxy, stdioClient, texts } from './harness.ts';

const box = sandbox();
let proxy: Awaited<ReturnType<typeof startProxy>>;
let client: Client;
beforeAll(async () => {
  proxy = await startProxy(box.env);
  client = await httpClient(proxy.base, box.projectA);
});
afterAll(async () => {
  await client?.close();
  await proxy?.stop();
  box.cleanup();
});

describe('/mcp on the proxy', () => {
  it('lists the tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['headroom_compress', 'headroom_retrieve', 'headroom_stats', 'memory_save', 'memory_search']);
  });

  it('compresses; the original comes back from headroom_retrieve and from GET /v1/retrieve/:id', async () => {
    const log = serviceLog(2000, 99);
    const r = await client.callTool({ name: 'headroom_compress', arguments: { content: log } });
    const id = (r.structuredContent as { id: string }).id;
    expect(texts(r)[0]!.length).toBeLessThan(log.length / 3);
    expect(texts(await client.callTool({ name: 'headroom_retrieve', arguments: { id } }))).toEqual([log]);
    const res = await fetch(`${proxy.base}/v1/retrieve/${id}`);
    expect(await res.text()).toBe(log);
  });

  it('reports the proxy\'s own ledger in headroom_stats', async () => {
    const r = await client.callTool({ name: 'headroom_stats', arguments: {} });
    expect(r.structuredContent).toMatchObject({ project: box.projectA, proxy: { requests: expect.any(Number) } });
  });

  it('shares memory with stdio servers: the project comes from the x-headroom-project header', async () => {
    await client.callTool({ name: 'memory_save', arguments: { text: 'Staging deploys need VPN access to 10.20.0.0/16', tags: ['deploy'] } });
    const stdio = await stdioClient(box.env, box.projectA);
    try {
      expect(texts(await stdio.callTool({ name: 'memory_search', arguments: { query: 'deploy to staging' } }))[0]).toContain('10.20.0.0/16');
      await stdio.callTool({ name: 'memory_save', arguments: { text: 'Feature flags live in config/flags.yaml' } });
    } finally {
      await stdio.close();
    }
    expect(texts(await client.callTool({ name: 'memory_search', arguments: { query: 'where are feature flags' } }))[0]).toContain('config/flags.yaml');
    // Without the header a client sees only user-scoped notes.
    const anonymous = await httpClient(proxy.base);
    try {
      expect(texts(await anonymous.callTool({ name: 'memory_search', arguments: { query: 'feature flags staging' } }))[0]).toMatch(/^no memory notes/);
    } finally {
      await anonymous.close();
    }
  });

  it('answers a GET without a session as the stateless transport does, and leaves other routes alone', async () => {
    const res = await fetch(`${proxy.base}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    expect((await fetch(`${proxy.base}/health`)).status).toBe(200);
  });
});
