/**
 * OpenAI Responses: tool output is in `function_call_output`, `custom_tool_call_output` and
 * `local_shell_call_output` items of `input`; `output` is a string or a list of `input_text` parts.
 */
import type { Hints } from '../../compress/types.ts';
import { hintsFromCall, isInjectedText } from '../hints.ts';
import { isObject, type JsonObject, type ProviderAdapter, type ToolOutputRef } from '../types.ts';

export const NAME = 'openai-responses';

const OUTPUT_TYPES: ReadonlySet<string> = new Set(['function_call_output', 'custom_tool_call_output', 'local_shell_call_output']);

/** Items the model produced (its calls, reasoning and messages); tool outputs after the last of them are new. */
function isModelItem(it: unknown): boolean {
  if (!isObject(it)) return false;
  if (it.type === 'message' || (it.type === undefined && 'role' in it)) return it.role === 'assistant';
  return typeof it.type === 'string' && !OUTPUT_TYPES.has(it.type);
}

function itemsOf(body: JsonObject): JsonObject[] {
  return Array.isArray(body.input) ? body.input.filter(isObject) : [];
}

function callHints(items: JsonObject[]): Map<string, Hints> {
  const calls = new Map<string, Hints>();
  for (const it of items) {
    const callId = typeof it.call_id === 'string' ? it.call_id : undefined;
    if (!callId) continue;
    const name = typeof it.name === 'string' ? it.name : undefined;
    if (it.type === 'function_call') calls.set(callId, hintsFromCall(name, it.arguments));
    else if (it.type === 'custom_tool_call') calls.set(callId, hintsFromCall(name, it.input));
    else if (it.type === 'local_shell_call' && isObject(it.action)) calls.set(callId, hintsFromCall('shell', it.action));
  }
  return calls;
}

export const openaiResponsesAdapter: ProviderAdapter = {
  name: NAME,
  matches: (body) => 'input' in body && !Array.isArray(body.messages),

  toolOutputs(body) {
    const items = itemsOf(body);
    const calls = callHints(items);
    const refs: ToolOutputRef[] = [];
    if (!Array.isArray(body.input)) return refs;
    const lastModel = body.input.findLastIndex(isModelItem);
    body.input.forEach((it, ii) => {
      if (!isObject(it) || typeof it.type !== 'string' || !OUTPUT_TYPES.has(it.type)) return;
      const live = ii > lastModel;
      const hints = (typeof it.call_id === 'string' && calls.get(it.call_id)) || {};
      if (typeof it.output === 'string') {
        refs.push({ path: `input[${ii}].output`, hints, frozen: false, live, get: () => it.output as string, set: (t) => { it.output = t; } });
      } else if (Array.isArray(it.output)) {
        it.output.forEach((part, pi) => {
          if (!isObject(part) || (part.type !== 'input_text' && part.type !== 'output_text') || typeof part.text !== 'string') return;
          refs.push({
            path: `input[${ii}].output[${pi}].text`, hints, frozen: false, live,
            get: () => part.text as string, set: (t) => { part.text = t; },
          });
        });
      }
    });
    return refs;
  },

  lastUserText(body) {
    if (typeof body.input === 'string') return body.input;
    const items = itemsOf(body);
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i]!;
      if (it.role !== 'user' || (it.type !== undefined && it.type !== 'message')) continue;
      if (typeof it.content === 'string' && !isInjectedText(it.content)) return it.content;
      if (!Array.isArray(it.content)) continue;
      const texts = it.content
        .filter((p): p is JsonObject => isObject(p) && p.type === 'input_text' && typeof p.text === 'string')
        .map((p) => p.text as string)
        .filter((t) => !isInjectedText(t));
      if (texts.length > 0) return texts.join('\n');
    }
    return undefined;
  },
};

export default openaiResponsesAdapter;
