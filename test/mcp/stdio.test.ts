/** `headroom mcp serve` over stdio, driven by the MCP SDK's own Client spawning the real bin. */
import { spawnSync } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceLog } from '../fixtures/bodies.ts';
import { BIN, sandbox, stdioClient, texts } from './harness.ts';

const box = sandbox();
let a: Client;
afterAll(async () => {
  await a?.close();
  box.cleanup();
});
beforeAll(async () => {
  // From a subdirectory: the project is the git root above it.
  a = await stdioClient(box.env, `${box.projectA}/src`);
});

describe('headroom mcp serve (stdio)', () => {
  it('lists the five tools with their input schemas', async () => {
    const { tools } = await a.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['headroom_compress', 'headroom_retrieve', 'headroom_stats', 'memory_save', 'memory_search']);
    const compress = tools.find((t) => t.name === 'headroom_compress')!;
    expect(compress.inputSchema).toMatchObject({ type: 'object', required: ['content'] });
    expect(Object.keys(compress.inputSchema.properties ?? {})).toEqual(['content', 'query']);
  });

  it('compresses, and headroom_retrieve returns the original byte for byte', async () => {
    const log = serviceLog(3000, 1717);
    const r = await a.callTool({ name: 'headroom_compress', arguments: { content: log, query: 'why did ord_8812 fail' } });
    expect(r.isError).toBeFalsy();
    const [compressed, note] = texts(r);
    expect(compressed!.length).toBeLessThan(log.length / 5);
    expect(compressed).toContain('charge failed: upstream timeout after 30000ms (order=ord_8812)');
    const id = (r.structuredContent as { id: string }).id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(note).toContain(`id=${id}`);
    expect(texts(await a.callTool({ name: 'headroom_retrieve', arguments: { id } }))).toEqual([log]);
    // The ids in the compressed text's own markers resolve too, and the CLI reads the same store.
    const marker = /id=([0-9a-f]{32})\]/.exec(compressed!)?.[1];
    expect(marker).toBeDefined();
    const viaCli = spawnSync(process.execPath, [BIN, 'retrieve', id], { env: box.env, encoding: 'utf8' });
    expect(viaCli.stdout).toBe(log);
  });

  it('reports an unknown id as an error result, not a protocol error', async () => {
    const r = await a.callTool({ name: 'headroom_retrieve', arguments: { id: '0'.repeat(32) } });
    expect(r.isError).toBe(true);
    expect(texts(r)[0]).toMatch(/no original stored under id 0{32}/);
  });

  it('reports stats', async () => {
    const r = await a.callTool({ name: 'headroom_stats', arguments: {} });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ project: box.projectA, memoryNotes: expect.any(Number) });
    expect(texts(r)[0]).toMatch(/^headroom \d+\.\d+\.\d+/);
  });

  it('shares memory notes with another agent\'s server in the same project, and keeps other projects apart', async () => {
    const saved = await a.callTool({ name: 'memory_save', arguments: { text: 'Run the test suite with `npx vitest run`, never `npm test` (it rebuilds)', tags: ['testing'] } });
    expect(saved.isError).toBeFalsy();
    expect(saved.structuredContent).toMatchObject({ status: 'created', scope: 'project', tags: ['testing'] });
    await a.callTool({ name: 'memory_save', arguments: { text: 'The user wants commit messages in the imperative mood', scope: 'user' } });

    const b = await stdioClient(box.env, box.projectA);
    const other = await stdioClient(box.env, box.projectB);
    try {
      const hits = await b.callTool({ name: 'memory_search', arguments: { query: 'how do I run the tests?' } });
      expect(texts(hits)[0]).toContain('npx vitest run');
      const elsewhere = await other.callTool({ name: 'memory_search', arguments: { query: 'run the tests commit messages', k: 10 } });
      expect(texts(elsewhere)[0]).not.toContain('vitest');
      expect(texts(elsewhere)[0]).toContain('imperative mood');
      // Saving a near-identical note from the other server merges instead of adding a copy.
      const again = await b.callTool({ name: 'memory_save', arguments: { text: 'Run the test suite with `npx vitest run`, never `npm test`: it rebuilds' } });
      expect(again.structuredContent).toMatchObject({ status: 'merged', tags: ['testing'] });
    } finally {
      await b.close();
      await other.close();
    }
    const list = spawnSync(process.execPath, [BIN, 'memory', 'list', '--json'], { env: box.env, cwd: box.projectA, encoding: 'utf8' });
    expect(JSON.parse(list.stdout).map((n: { text: string }) => n.text)).toEqual([
      'Run the test suite with `npx vitest run`, never `npm test`: it rebuilds',
      'The user wants commit messages in the imperative mood',
    ]);
  });

  it('rejects invalid tool input with an error result', async () => {
    const r = await a.callTool({ name: 'memory_search', arguments: { query: 'x', k: 0 } });
    expect(r.isError).toBe(true);
  });
});
