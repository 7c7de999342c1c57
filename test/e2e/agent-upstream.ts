/**
 * A scripted model on 127.0.0.1 that real agent CLIs can talk to. It decides from the conversation, not from request
 * order, so side requests (Claude Code's title/quota calls, Codex's prewarm) never derail it:
 *   - no result of our tool call yet, and the client offers a shell tool → call it with `command`;
 *   - the conversation carries the result of our call → answer `finalAnswer`;
 *   - anything else → a short text answer.
 * A scenario can put its own turns first (`Script.anthropic` / `Script.responses`, e.g. the memory test's tool calls).
 * Every request is recorded with its exact bytes, and every reply with the exact frames sent, so tests can compare
 * what the client received with what the upstream sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  anthropicMessage, anthropicSse, chatCompletion, chatSse, responsesObject, responsesSse,
  type AnthropicBlock, type ChatReply, type ResponsesItem,
} from './replies.ts';

export const CALL_ID = 'call_e2e_1';
export const TOOL_USE_ID = 'toolu_e2e_01';

export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** What we answered: status and the exact body text (SSE frames joined). */
  status: number;
  reply: string;
  frames?: string[];
}

export interface AgentUpstream {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export interface Script {
  /** The shell command the model asks the agent to run. */
  command: string;
  finalAnswer: string;
  /** Scenario-specific turns, asked first; undefined falls back to the scripted behaviour above. */
  anthropic?: (body: Json) => AnthropicBlock[] | undefined;
  responses?: (body: Json) => ResponsesItem[] | undefined;
}

export type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function anthropicReply(body: Json, s: Script): AnthropicBlock[] {
  const scripted = s.anthropic?.(body);
  if (scripted) return scripted;
  const answered = arr(body.messages).some((m) => isObj(m) && arr(m.content).some((b) => isObj(b) && b.type === 'tool_result' && b.tool_use_id === TOOL_USE_ID));
  if (answered) return [{ type: 'text', text: s.finalAnswer }];
  if (arr(body.tools).some((t) => isObj(t) && t.name === 'Bash')) {
    return [
      { type: 'text', text: 'Running the command.' },
      { type: 'tool_use', id: TOOL_USE_ID, name: 'Bash', input: { command: s.command, description: 'Print the worker log' } },
    ];
  }
  // Side requests: Claude Code's title generation asks for JSON (output_config.format json_schema).
  const wantsJson = isObj(body.output_config) && isObj(body.output_config.format);
  return [{ type: 'text', text: wantsJson ? '{"title":"Scripted e2e run"}' : 'ok' }];
}

/** Every tool a Responses request offers, including Codex's `additional_tools` input item and namespaces. */
export function responsesTools(body: Json): Json[] {
  const out: Json[] = [];
  const visit = (tools: unknown[]) => {
    for (const t of tools) {
      if (!isObj(t)) continue;
      if (t.type === 'namespace') visit(arr(t.tools));
      else out.push(t);
    }
  };
  visit(arr(body.tools));
  for (const item of arr(body.input)) if (isObj(item) && item.type === 'additional_tools') visit(arr(item.tools));
  return out;
}

function responsesReply(body: Json, s: Script): ResponsesItem[] {
  const scripted = s.responses?.(body);
  if (scripted) return scripted;
  const answered = arr(body.input).some((i) => isObj(i) && (i.type === 'function_call_output' || i.type === 'custom_tool_call_output') && i.call_id === CALL_ID);
  if (answered) return [{ type: 'message', text: s.finalAnswer }];
  const tools = responsesTools(body);
  const has = (type: string, name: string) => tools.some((t) => t.type === type && t.name === name);
  // Ask for a large output budget: Codex truncates tool output to 10k tokens by default.
  if (has('custom', 'exec')) {
    const js = `// @exec: {"max_output_tokens": 200000}\nconst r = await tools.exec_command({ cmd: ${JSON.stringify(s.command)}, max_output_tokens: 200000, login: false });\ntext(r.output);`;
    return [{ type: 'custom_tool_call', call_id: CALL_ID, name: 'exec', input: js }];
  }
  if (has('function', 'exec_command')) {
    return [{ type: 'function_call', call_id: CALL_ID, name: 'exec_command', arguments: JSON.stringify({ cmd: s.command, max_output_tokens: 200000, login: false }) }];
  }
  if (has('function', 'shell')) {
    return [{ type: 'function_call', call_id: CALL_ID, name: 'shell', arguments: JSON.stringify({ command: ['bash', '-c', s.command] }) }];
  }
  return [{ type: 'message', text: 'ok' }];
}

function chatReply(body: Json, s: Script): ChatReply {
  if (arr(body.messages).some((m) => isObj(m) && m.role === 'tool' && m.tool_call_id === CALL_ID)) return { text: s.finalAnswer };
  const fn = arr(body.tools).find((t) => isObj(t) && isObj(t.function));
  if (isObj(fn) && isObj(fn.function)) {
    return { toolCall: { id: CALL_ID, name: String(fn.function.name), arguments: JSON.stringify({ command: s.command }) } };
  }
  return { text: 'ok' };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startAgentUpstream(script: Script): Promise<AgentUpstream> {
  const exchanges: Exchange[] = [];

  const answer = (res: ServerResponse, ex: Exchange, status: number, payload: unknown, frames?: string[]) => {
    ex.status = status;
    if (frames) {
      ex.frames = frames;
      ex.reply = frames.join('');
      res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_e2e', 'x-request-id': 'req_e2e' });
      for (const f of frames) res.write(f);
      res.end();
      return;
    }
    ex.reply = payload === undefined ? '' : JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_e2e', 'x-request-id': 'req_e2e' });
    res.end(ex.reply);
  };

  const server: Server = createServer((req, res) => {
    readAll(req).then((body) => {
      const path = req.url ?? '/';
      const ex: Exchange = { method: req.method ?? 'GET', path, headers: req.headers, body, status: 0, reply: '' };
      exchanges.push(ex);
      const pathname = path.split('?')[0];
      let json: Json = {};
      try {
        const parsed: unknown = body.length ? JSON.parse(body.toString('utf8')) : {};
        if (isObj(parsed)) json = parsed;
      } catch {
        return answer(res, ex, 400, { error: { type: 'invalid_request_error', message: 'body is not JSON' } });
      }
      const model = typeof json.model === 'string' ? json.model : 'scripted-model';
      const stream = json.stream === true;
      if (req.method === 'HEAD' || (req.method === 'GET' && pathname === '/api/hello')) return answer(res, ex, 200, undefined);
      if (req.method === 'POST' && pathname === '/v1/messages/count_tokens') return answer(res, ex, 200, { input_tokens: 2100 });
      if (req.method === 'POST' && pathname === '/v1/messages') {
        const blocks = anthropicReply(json, script);
        return stream ? answer(res, ex, 200, undefined, anthropicSse(blocks, model)) : answer(res, ex, 200, anthropicMessage(blocks, model));
      }
      if (req.method === 'POST' && pathname === '/v1/responses') {
        const items = responsesReply(json, script);
        return stream ? answer(res, ex, 200, undefined, responsesSse(items, model)) : answer(res, ex, 200, responsesObject(items, model));
      }
      if (req.method === 'POST' && pathname === '/v1/chat/completions') {
        const reply = chatReply(json, script);
        return stream ? answer(res, ex, 200, undefined, chatSse(reply, model)) : answer(res, ex, 200, chatCompletion(reply, model));
      }
      if (req.method === 'GET' && pathname === '/v1/models') return answer(res, ex, 200, { object: 'list', data: [], models: [] });
      return answer(res, ex, 404, { type: 'error', error: { type: 'not_found_error', message: `scripted upstream: no route ${req.method} ${pathname}` } });
    }, (err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
