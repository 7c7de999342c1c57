/** OpenAI Responses (non-streaming) through the gateway-tool loop, and the continuation body shared with streaming. */
import { isObject, type JsonObject } from '../../providers/types.ts';
import type { ToolAnswer, ToolCall } from './answer.ts';
import type { JsonDialect, OurTools } from './dialect.ts';
import { sumUsage } from './usage-sum.ts';

/** Output items the client executes; server-run tools (web_search_call, mcp_call, …) are not among them. */
const CLIENT_CALLS = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'shell_call', 'apply_patch_call', 'computer_call']);

export const isOurCall = (item: unknown, tools: OurTools): boolean => isObject(item) && item.type === 'function_call' && tools.has(item.name as string);
export const isClientCall = (item: unknown, tools: OurTools): boolean =>
  isObject(item) && typeof item.type === 'string' && CLIENT_CALLS.has(item.type) && !isOurCall(item, tools);

/**
 * The request again with the round's output items and our `function_call_output` items appended to `input`
 * (a string input becomes its equivalent user message). Replaying the items works with `store: false` too.
 */
export function responsesNext(body: JsonObject, output: unknown[], answers: ToolAnswer[]): JsonObject {
  const input = Array.isArray(body.input) ? body.input : typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : [];
  const results = answers.map((a) => ({ type: 'function_call_output', call_id: a.callId, output: a.isError ? `Error: ${a.text}` : a.text }));
  return { ...body, input: [...input, ...output, ...results] };
}

const outputOf = (reply: JsonObject): unknown[] => (Array.isArray(reply.output) ? reply.output : []);

/** Calls to answer when the round's only client-run calls are ours. */
export function ourCalls(output: unknown[], tools: OurTools): ToolCall[] | undefined {
  const ours = output.filter((item) => isOurCall(item, tools)) as JsonObject[];
  if (ours.length === 0 || output.some((item) => isClientCall(item, tools))) return undefined;
  return ours.map((item) => ({ callId: String(item.call_id), name: String(item.name), args: item.arguments }));
}

export const responsesJson = (tools: OurTools): JsonDialect => ({
  calls(reply) {
    if (reply.status !== undefined && reply.status !== 'completed') return undefined;
    return ourCalls(outputOf(reply), tools);
  },
  next(body, reply, answers) {
    return responsesNext(body, outputOf(reply), answers);
  },
  merge(replies) {
    const last = replies[replies.length - 1]!;
    const output = replies.flatMap((r, i) => (i === replies.length - 1 ? outputOf(r) : outputOf(r).filter((item) => !isOurCall(item, tools))));
    // The last response's id is kept: with `store: true` it is the one whose stored context includes our answers.
    return { ...last, output, usage: sumUsage(replies.map((r) => r.usage)) };
  },
});
