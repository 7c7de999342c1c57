/**
 * Cloudflare Worker entry. Until the proxy lands, it exposes the engine over HTTP: `POST /v1/compress` takes a
 * provider request body and returns `{ body, stats }`; originals live in the isolate's memory store.
 */
import { compress } from '../src/compress-body.ts';
import { HeadroomError } from '../src/errors.ts';

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/health') return json({ ok: true });
    if (url.pathname !== '/v1/compress') return json({ error: { message: `no route for ${url.pathname}` } }, 404);
    if (request.method !== 'POST') return json({ error: { message: 'use POST' } }, 405);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json({ error: { message: 'headroom: request body is not valid JSON' } }, 400);
    }
    try {
      const { body: out, stats } = await compress(body);
      return json({ body: out, stats });
    } catch (err) {
      if (err instanceof HeadroomError) return json({ error: { type: err.code, message: err.message } }, err.status);
      throw err;
    }
  },
};
