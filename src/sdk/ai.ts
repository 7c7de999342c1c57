/**
 * Vercel AI SDK: `wrapLanguageModel({ model, middleware: headroomMiddleware() })`. The middleware compresses the text
 * of tool-result parts in the prompt before any provider formats it, so it works with every AI SDK provider.
 * The prompt is viewed as an OpenAI Chat body for the engine (same live-zone and cache-safe rules as everywhere);
 * only tool results whose text changed are replaced, everything else keeps its identity.
 */
import type { LanguageModelMiddleware } from 'ai';
import { createCompressor, type HeadroomOptions } from './options.ts';

type Params = Parameters<NonNullable<LanguageModelMiddleware['transformParams']>>[0]['params'];
type Prompt = Params['prompt'];
type ToolMessage = Extract<Prompt[number], { role: 'tool' }>;
type ToolPart = ToolMessage['content'][number];
type Output = Extract<ToolPart, { type: 'tool-result' }>['output'];

/** Where a text the engine sees came from: message, part, and for `content` outputs the item. */
interface Slot { mi: number; pi: number; item?: number; chatIndex: number }

/** The text the provider would send for an output, or null for outputs we leave alone (errors, denials, media). */
function textsOf(output: Output): (string | null)[] {
  if (output.type === 'text') return [output.value];
  if (output.type === 'json') return [JSON.stringify(output.value)];
  if (output.type === 'content') return output.value.map((v) => (v.type === 'text' ? v.text : null));
  return [];
}

function toChat(prompt: Prompt): { messages: Record<string, unknown>[]; slots: Slot[] } {
  const messages: Record<string, unknown>[] = [];
  const slots: Slot[] = [];
  prompt.forEach((m, mi) => {
    if (m.role === 'system') messages.push({ role: 'system', content: m.content });
    else if (m.role === 'user') messages.push({ role: 'user', content: m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n') });
    else if (m.role === 'assistant') {
      const calls = m.content.flatMap((p) => (p.type === 'tool-call'
        ? [{ id: p.toolCallId, type: 'function', function: { name: p.toolName, arguments: typeof p.input === 'string' ? p.input : JSON.stringify(p.input) } }]
        : []));
      messages.push({ role: 'assistant', content: m.content.map((p) => (p.type === 'text' ? p.text : '')).join(''), ...(calls.length ? { tool_calls: calls } : {}) });
    } else {
      m.content.forEach((p, pi) => {
        if (p.type !== 'tool-result') return;
        textsOf(p.output).forEach((text, item) => {
          if (text === null) return;
          slots.push({ mi, pi, ...(p.output.type === 'content' ? { item } : {}), chatIndex: messages.length });
          messages.push({ role: 'tool', tool_call_id: p.toolCallId, content: text });
        });
      });
    }
  });
  return { messages, slots };
}

function withText(output: Output, slot: Slot, text: string): Output {
  if (output.type === 'content' && slot.item !== undefined) {
    return { ...output, value: output.value.map((v, i) => (i === slot.item && v.type === 'text' ? { ...v, text } : v)) };
  }
  // A compressed JSON output is no longer JSON: it is sent as the text the model will read.
  return { type: 'text', value: text };
}

export function headroomMiddleware(options: HeadroomOptions = {}): LanguageModelMiddleware {
  const compressor = createCompressor(options);
  return {
    specificationVersion: 'v3',
    async transformParams({ params }) {
      const { messages, slots } = toChat(params.prompt);
      if (slots.length === 0) return params;
      const body = { model: 'ai-sdk', messages };
      const r = await compressor.run(body, 'openai-chat');
      if (!r.changed) return params;
      const prompt = [...params.prompt];
      for (const slot of slots) {
        const text = (r.body.messages[slot.chatIndex] as { content: string }).content;
        if (text === messages[slot.chatIndex]!.content) continue;
        const m = prompt[slot.mi] as ToolMessage;
        const content = [...m.content];
        const part = content[slot.pi] as Extract<ToolPart, { type: 'tool-result' }>;
        content[slot.pi] = { ...part, output: withText(part.output, slot, text) };
        prompt[slot.mi] = { ...m, content };
      }
      return { ...params, prompt };
    },
  };
}
