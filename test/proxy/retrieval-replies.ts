/** Scripted upstream replies for the retrieval tests: a first turn that calls headroom_retrieve, then a final answer. */
import { sse } from './fake-upstream.ts';

const chunk = (id: string, choices: unknown[], usage: unknown = null) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'gpt-5', choices, usage })}\n\n`;

/** Anthropic SSE: text, then one tool_use per name (`headroom_retrieve` gets `{"id": id}`), stop_reason tool_use. */
export function anthropicToolTurn(text: string, calls: { name: string; id: string; input: string }[], msgId = 'msg_1'): string[] {
  const out = [
    sse('message_start', { type: 'message_start', message: { id: msgId, type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1000, cache_read_input_tokens: 500, cache_creation_input_tokens: 0, output_tokens: 1 } } }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
  ];
  calls.forEach((c, i) => {
    const index = i + 1;
    out.push(
      sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } }),
      sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: c.input.slice(0, 5) } }),
      sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: c.input.slice(5) } }),
      sse('content_block_stop', { type: 'content_block_stop', index }),
    );
  });
  out.push(
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 30 } }),
    sse('message_stop', { type: 'message_stop' }),
  );
  return out;
}

export function anthropicFinal(text: string): string[] {
  return [
    sse('message_start', { type: 'message_start', message: { id: 'msg_2', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3000, cache_read_input_tokens: 900, cache_creation_input_tokens: 40, output_tokens: 1 } } }),
    sse('ping', { type: 'ping' }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}

export const retrieveInput = (id: string) => JSON.stringify({ id });

/** OpenAI Chat SSE: text, then a headroom_retrieve call in three argument pieces, finish tool_calls, usage, [DONE]. */
export function chatToolTurn(text: string, id: string): string[] {
  const args = retrieveInput(id);
  return [
    chunk('chatcmpl-1', [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    chunk('chatcmpl-1', [{ index: 0, delta: { content: text }, finish_reason: null }]),
    chunk('chatcmpl-1', [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_r1', type: 'function', function: { name: 'headroom_retrieve', arguments: '' } }] }, finish_reason: null }]),
    chunk('chatcmpl-1', [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(0, 4) } }] }, finish_reason: null }]),
    chunk('chatcmpl-1', [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(4) } }] }, finish_reason: null }]),
    chunk('chatcmpl-1', [{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
    chunk('chatcmpl-1', [], { prompt_tokens: 1000, completion_tokens: 30, total_tokens: 1030, prompt_tokens_details: { cached_tokens: 500 } }),
    'data: [DONE]\n\n',
  ];
}

export function chatFinal(text: string): string[] {
  return [
    chunk('chatcmpl-2', [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    chunk('chatcmpl-2', [{ index: 0, delta: { content: text }, finish_reason: null }]),
    chunk('chatcmpl-2', [{ index: 0, delta: {}, finish_reason: 'stop' }]),
    chunk('chatcmpl-2', [], { prompt_tokens: 3000, completion_tokens: 20, total_tokens: 3020, prompt_tokens_details: { cached_tokens: 900 } }),
    'data: [DONE]\n\n',
  ];
}

/** OpenAI Responses SSE with consecutive sequence numbers. */
export function responsesEvents(respId: string, items: ({ kind: 'message'; text: string } | { kind: 'call'; name: string; args: string })[], usage: unknown): string[] {
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) => sse(type, { type, sequence_number: seq++, ...data });
  const base = { id: respId, object: 'response', status: 'in_progress', output: [] };
  const out = [ev('response.created', { response: base }), ev('response.in_progress', { response: base })];
  const done: unknown[] = [];
  items.forEach((it, output_index) => {
    if (it.kind === 'message') {
      const item_id = `msg_${respId}_${output_index}`;
      const item = { id: item_id, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: it.text, annotations: [] }] };
      out.push(
        ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } }),
        ev('response.content_part.added', { item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
        ev('response.output_text.delta', { item_id, output_index, content_index: 0, delta: it.text }),
        ev('response.output_text.done', { item_id, output_index, content_index: 0, text: it.text }),
        ev('response.content_part.done', { item_id, output_index, content_index: 0, part: item.content[0] }),
        ev('response.output_item.done', { output_index, item }),
      );
      done.push(item);
    } else {
      const item_id = `fc_${respId}_${output_index}`;
      const item = { id: item_id, type: 'function_call', status: 'completed', call_id: `call_${output_index}`, name: it.name, arguments: it.args };
      out.push(
        ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } }),
        ev('response.function_call_arguments.delta', { item_id, output_index, delta: it.args }),
        ev('response.function_call_arguments.done', { item_id, output_index, arguments: it.args }),
        ev('response.output_item.done', { output_index, item }),
      );
      done.push(item);
    }
  });
  out.push(ev('response.completed', { response: { ...base, status: 'completed', output: done, usage } }));
  return out;
}

export const responsesToolTurn = (text: string, id: string) =>
  responsesEvents('resp_1', [{ kind: 'message', text }, { kind: 'call', name: 'headroom_retrieve', args: retrieveInput(id) }],
    { input_tokens: 1000, input_tokens_details: { cached_tokens: 500 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1030 });

export const responsesFinal = (text: string) =>
  responsesEvents('resp_2', [{ kind: 'message', text }],
    { input_tokens: 3000, input_tokens_details: { cached_tokens: 900 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 3020 });

/** Parses an SSE text into `{event, data}` pairs (data JSON-parsed when it is JSON). */
export function parseSse(text: string): { event?: string; data: any }[] {
  return text.split('\n\n').filter((b) => b.trim()).map((block) => {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    const raw = data.join('\n');
    try {
      return { event, data: JSON.parse(raw) };
    } catch {
      return { event, data: raw };
    }
  });
}
