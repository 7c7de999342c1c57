/**
 * Reads token usage from provider responses without touching them: SSE streams are observed chunk by chunk on
 * their way to the client (bytes pass through unchanged, nothing is buffered), JSON bodies are read from a copy.
 */
import { createParser } from 'eventsource-parser';
import { isObject } from '../providers/types.ts';

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export const EMPTY_USAGE: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Folds one usage object into `acc`. Anthropic reports cache reads/writes beside `input_tokens` (which excludes
 * them); OpenAI reports `prompt_tokens`/`input_tokens` including cached tokens, so those are split out.
 */
export function addUsage(acc: Usage, u: unknown): Usage {
  if (!isObject(u)) return acc;
  if ('cache_read_input_tokens' in u || 'cache_creation_input_tokens' in u || ('input_tokens' in u && !('input_tokens_details' in u) && !('total_tokens' in u))) {
    return {
      input: Math.max(acc.input, num(u.input_tokens)),
      output: Math.max(acc.output, num(u.output_tokens)),
      cacheRead: Math.max(acc.cacheRead, num(u.cache_read_input_tokens)),
      cacheWrite: Math.max(acc.cacheWrite, num(u.cache_creation_input_tokens)),
    };
  }
  const details = isObject(u.input_tokens_details) ? u.input_tokens_details : isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const cached = num(details.cached_tokens);
  const total = num(u.input_tokens) || num(u.prompt_tokens);
  return {
    input: Math.max(acc.input, total - cached),
    output: Math.max(acc.output, num(u.output_tokens) || num(u.completion_tokens)),
    cacheRead: Math.max(acc.cacheRead, cached),
    cacheWrite: acc.cacheWrite,
  };
}

/** Finds usage in any provider event or body: `usage`, `message.usage` (Anthropic), `response.usage` (Responses). */
export function usageOf(event: unknown, acc: Usage): Usage {
  if (!isObject(event)) return acc;
  let out = acc;
  if (isObject(event.usage)) out = addUsage(out, event.usage);
  if (isObject(event.message) && isObject(event.message.usage)) out = addUsage(out, event.message.usage);
  if (isObject(event.response) && isObject(event.response.usage)) out = addUsage(out, event.response.usage);
  return out;
}

/** Pipes an SSE body through unchanged while parsing events on the side; `done` runs once at the end. */
export function observeSse(body: ReadableStream<Uint8Array>, done: (usage: Usage, completed: boolean) => void): ReadableStream<Uint8Array> {
  let usage = EMPTY_USAGE;
  let finished = false;
  const finish = (completed: boolean) => {
    if (!finished) {
      finished = true;
      done(usage, completed);
    }
  };
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent(ev) {
      if (ev.data === '[DONE]' || !ev.data.includes('usage')) return;
      try {
        usage = usageOf(JSON.parse(ev.data), usage);
      } catch {
        // Not JSON: the event still went to the client untouched; it just carries no usage for us.
      }
    },
  });
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        parser.feed(decoder.decode(chunk, { stream: true }));
      },
      flush() {
        finish(true);
      },
      cancel() {
        finish(false);
      },
    } as Transformer<Uint8Array, Uint8Array>),
  );
}
