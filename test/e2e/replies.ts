/**
 * What the scripted upstream answers, in each provider's wire format: Anthropic Messages (SSE or JSON), OpenAI
 * Responses (SSE or JSON) and OpenAI Chat Completions (SSE or JSON). Event sequences follow the providers' streaming
 * docs (Anthropic "Streaming Messages"; OpenAI "Responses streaming events" and "Chat completion chunk object").
 */

/** One SSE frame; Anthropic and Responses name the event, Chat Completions sends bare `data:` lines. */
export function frame(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

const ANTHROPIC_USAGE = { input_tokens: 2100, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

export function anthropicMessage(blocks: AnthropicBlock[], model: string) {
  return {
    id: 'msg_e2e', type: 'message', role: 'assistant', model, content: blocks,
    stop_reason: blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn', stop_sequence: null,
    usage: { ...ANTHROPIC_USAGE, output_tokens: 24 },
  };
}

export function anthropicSse(blocks: AnthropicBlock[], model: string): string[] {
  const msg = anthropicMessage(blocks, model);
  const out = [frame({ type: 'message_start', message: { ...msg, content: [], stop_reason: null, usage: ANTHROPIC_USAGE } }, 'message_start')];
  blocks.forEach((b, index) => {
    if (b.type === 'text') {
      out.push(frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, 'content_block_start'));
      out.push(frame({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } }, 'content_block_delta'));
    } else {
      out.push(frame({ type: 'content_block_start', index, content_block: { ...b, input: {} } }, 'content_block_start'));
      out.push(frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } }, 'content_block_delta'));
    }
    out.push(frame({ type: 'content_block_stop', index }, 'content_block_stop'));
  });
  out.push(frame({ type: 'ping' }, 'ping'));
  out.push(frame({ type: 'message_delta', delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage: { output_tokens: 24 } }, 'message_delta'));
  out.push(frame({ type: 'message_stop' }, 'message_stop'));
  return out;
}

export type ResponsesItem =
  | { type: 'message'; text: string }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'custom_tool_call'; call_id: string; name: string; input: string };

function responsesOutput(item: ResponsesItem, i: number): Record<string, unknown> {
  if (item.type === 'message') {
    return { type: 'message', id: `msg_e2e_${i}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: item.text, annotations: [] }] };
  }
  return { ...item, id: `${item.type === 'function_call' ? 'fc' : 'ctc'}_e2e_${i}`, status: 'completed' };
}

export function responsesObject(items: ResponsesItem[], model: string, status = 'completed') {
  return {
    id: 'resp_e2e', object: 'response', created_at: 1_760_000_000, status, model,
    output: status === 'completed' ? items.map(responsesOutput) : [],
    usage: status === 'completed'
      ? { input_tokens: 2100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 24, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 2124 }
      : null,
  };
}

export function responsesSse(items: ResponsesItem[], model: string): string[] {
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) => frame({ type, sequence_number: seq++, ...data }, type);
  const out = [ev('response.created', { response: responsesObject(items, model, 'in_progress') })];
  items.forEach((item, output_index) => {
    const done = responsesOutput(item, output_index);
    if (item.type === 'message') {
      out.push(ev('response.output_item.added', { output_index, item: { ...done, status: 'in_progress', content: [] } }));
      out.push(ev('response.output_text.delta', { item_id: done.id, output_index, content_index: 0, delta: item.text }));
      out.push(ev('response.output_text.done', { item_id: done.id, output_index, content_index: 0, text: item.text }));
    } else {
      out.push(ev('response.output_item.added', { output_index, item: { ...done, status: 'in_progress' } }));
    }
    out.push(ev('response.output_item.done', { output_index, item: done }));
  });
  out.push(ev('response.completed', { response: responsesObject(items, model) }));
  return out;
}

export type ChatReply = { text: string } | { toolCall: { id: string; name: string; arguments: string } };

export function chatCompletion(reply: ChatReply, model: string) {
  const message = 'text' in reply
    ? { role: 'assistant', content: reply.text, refusal: null }
    : { role: 'assistant', content: null, tool_calls: [{ id: reply.toolCall.id, type: 'function', function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments } }] };
  return {
    id: 'chatcmpl-e2e', object: 'chat.completion', created: 1_760_000_000, model,
    choices: [{ index: 0, message, finish_reason: 'text' in reply ? 'stop' : 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: 2100, completion_tokens: 24, total_tokens: 2124, prompt_tokens_details: { cached_tokens: 0 } },
  };
}

export function chatSse(reply: ChatReply, model: string): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage: unknown = null) =>
    frame({ id: 'chatcmpl-e2e', object: 'chat.completion.chunk', created: 1_760_000_000, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], usage });
  const full = chatCompletion(reply, model);
  const out = [chunk({ role: 'assistant', content: '' }, null)];
  if ('text' in reply) out.push(chunk({ content: reply.text }, null));
  else out.push(chunk({ tool_calls: [{ index: 0, ...full.choices[0]!.message.tool_calls![0] }] }, null));
  out.push(chunk({}, full.choices[0]!.finish_reason));
  out.push(frame({ id: 'chatcmpl-e2e', object: 'chat.completion.chunk', created: 1_760_000_000, model, choices: [], usage: full.usage }));
  out.push(frame('[DONE]'));
  return out;
}
