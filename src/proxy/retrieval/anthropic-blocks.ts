/**
 * Rebuilds Anthropic content blocks from stream events (content_block_start / _delta / _stop), the way the SDK's
 * MessageStream accumulates them, so the continuation request can replay the assistant turn exactly.
 * Delta types: docs.anthropic.com/en/docs/build-with-claude/streaming.
 */
import { isObject, type JsonObject } from '../../providers/types.ts';

interface Acc {
  block: JsonObject;
  json: string;
}

export class BlockAccumulator {
  private readonly blocks = new Map<number, Acc>();

  start(index: number, block: unknown): void {
    if (isObject(block)) this.blocks.set(index, { block: structuredClone(block), json: '' });
  }

  delta(index: number, delta: unknown): void {
    const acc = this.blocks.get(index);
    if (!acc || !isObject(delta)) return;
    const b = acc.block;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    switch (delta.type) {
      case 'text_delta': b.text = str(b.text) + str(delta.text); break;
      case 'input_json_delta': acc.json += str(delta.partial_json); break;
      case 'thinking_delta': b.thinking = str(b.thinking) + str(delta.thinking); break;
      case 'signature_delta': b.signature = delta.signature; break;
      case 'citations_delta': b.citations = [...(Array.isArray(b.citations) ? b.citations : []), delta.citation]; break;
      default: break; // unknown deltas change nothing we replay
    }
  }

  stop(index: number): void {
    const acc = this.blocks.get(index);
    if (!acc || acc.json === '') return;
    try {
      acc.block.input = JSON.parse(acc.json);
    } catch {
      acc.block.input = { _unparsed: acc.json };
    }
  }

  get(index: number): JsonObject | undefined {
    return this.blocks.get(index)?.block;
  }

  /** The turn as request content: upstream order; empty text blocks dropped (the API rejects them). */
  content(): JsonObject[] {
    return [...this.blocks.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, acc]) => acc.block)
      .filter((b) => !(b.type === 'text' && b.text === '' && !b.citations));
  }
}

export const isOurUse = (b: unknown, ours: ReadonlySet<string>): boolean => isObject(b) && b.type === 'tool_use' && ours.has(b.name as string);
/** A tool the client runs (server tools such as web search run at the provider and are not the client's). */
export const isClientUse = (b: unknown, ours: ReadonlySet<string>): boolean => isObject(b) && b.type === 'tool_use' && !ours.has(b.name as string);
