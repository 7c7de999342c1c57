import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPooledFetch } from '../../runtimes/node-http-client.ts';
import { knownBody, responseBytes } from '../../src/proxy/known-body.ts';

let server: Server;
let base: string;
const seen: { method: string; body: string; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, body: Buffer.concat(chunks).toString(), headers: req.headers });
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('{"ok":true}'));
      } else if (req.url === '/empty') {
        res.writeHead(204, { 'x-request-id': 'r1' });
        res.end();
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/elsewhere' });
        res.end('moved');
      } else if (req.url === '/json') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
        res.end('{"ok":true}');
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"id":"msg_1","content":[');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (req.url === '/slow') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
      } else {
        res.writeHead(201, [['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['content-type', 'text/plain']]);
        res.end(`echo:${Buffer.concat(chunks).toString()}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('pooled fetch (undici request behind the fetch signature)', () => {
  const f = createPooledFetch();

  it('sends method, headers and a byte body; returns status, repeated headers and the body', async () => {
    const res = await f(`${base}/echo`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body: new TextEncoder().encode('{"a":1}') });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.text()).toBe('echo:{"a":1}');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'x-api-key': 'k' } });
  });

  it('streams a ReadableStream request body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(new TextEncoder().encode('part1,')); c.enqueue(new TextEncoder().encode('part2')); c.close(); },
    });
    const res = await f(`${base}/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await res.text()).toBe('echo:part1,part2');
  });

  it('decodes gzip like fetch does, gives null bodies for 204 and HEAD, and never follows redirects', async () => {
    expect(await (await f(`${base}/gzip`)).json()).toEqual({ ok: true });
    const empty = await f(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(empty.headers.get('x-request-id')).toBe('r1');
    expect((await f(`${base}/echo`, { method: 'HEAD' })).body).toBeNull();
    const moved = await f(`${base}/redirect`, { redirect: 'manual' });
    expect(moved.status).toBe(302);
    expect(await moved.text()).toBe('moved');
  });

  it('reads a non-stream answer of declared length whole, and hands its bytes on without a stream', async () => {
    const res = await f(`${base}/json`);
    expect(knownBody(res)).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(await responseBytes(res))).toBe('{"ok":true}');
    // The Response itself still reads like any other.
    expect(await (await f(`${base}/json`)).json()).toEqual({ ok: true });
    // A stream is handed on as the stream it is.
    const stream = await f(`${base}/slow`);
    expect(knownBody(stream)).toBeInstanceOf(ReadableStream);
    await stream.body!.cancel();
  });

  it('an answer that breaks off before its declared length fails as its body, as fetch does, not as the fetch', async () => {
    const res = await f(`${base}/cut`);
    expect(res.status).toBe(200);
    await expect(responseBytes(res)).rejects.toThrow(TypeError);
  });

  it('rejects like fetch when the upstream cannot be reached, with the cause', async () => {
    const err = await f('http://127.0.0.1:1/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('fetch failed');
    expect(((err as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('an abort ends a body that is still streaming', async () => {
    const controller = new AbortController();
    const res = await f(`${base}/slow`, { signal: controller.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 1\n\n');
    controller.abort(new Error('client left'));
    await expect(reader.read()).rejects.toThrow();
  });
});
