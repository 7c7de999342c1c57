/**
 * `/mcp` on the gateway: MCP over streamable HTTP with the SDK's web-standard transport (Request → Response, so the
 * same route runs on Node, Bun, Deno and Workers). Stateless: every POST gets its own server and transport, so no
 * session state lives in the process (the SDK's recommended shape for horizontally scaled servers); JSON responses
 * rather than SSE because every tool answers once.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createMcpServer, type McpDeps } from './server.ts';

/** Request header naming the project (git root) a client works in; `wrap` and `mcp install --http` can set it. */
export const PROJECT_HEADER = 'x-headroom-project';

export function mcpHttpHandler(deps: Omit<McpDeps, 'context'>): (request: Request) => Promise<Response> {
  return async function handleMcp(request) {
    // Stateless: there is no session to hold a server-initiated SSE stream (GET) or to end (DELETE). The spec lets a
    // server answer 405 to both (modelcontextprotocol.io, transports: streamable HTTP), and clients then just POST.
    if (request.method !== 'POST') {
      return Response.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless, POST only' }, id: null }, { status: 405, headers: { allow: 'POST' } });
    }
    const project = request.headers.get(PROJECT_HEADER)?.trim() || undefined;
    const server = createMcpServer({ ...deps, context: { project } });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      // The JSON response is complete once handleRequest resolves; nothing else will use this server.
      void server.close();
    }
  };
}
