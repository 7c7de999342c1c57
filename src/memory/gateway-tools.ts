/**
 * memory_save / memory_search for the gateway-resolved tool loop (`wrap --memory`): the definitions in each
 * provider's own tool shape, and `answer(name, input)` for the loop to call when the model uses one. Nothing here
 * knows about streams or continuations; the loop (src/proxy/retrieval/) owns those.
 */
import type { ProviderName } from '../providers/types.ts';
import type { Memory } from './memory.ts';
import { MEMORY_SAVE, MEMORY_SAVE_DESCRIPTION, MEMORY_SAVE_SCHEMA, MEMORY_SEARCH, MEMORY_SEARCH_DESCRIPTION, MEMORY_SEARCH_SCHEMA, MEMORY_TOOL_NAMES, runMemoryTool } from './tools.ts';
import type { MemoryContext } from './types.ts';

export { MEMORY_TOOL_NAMES } from './tools.ts';

const TOOLS = [
  { name: MEMORY_SAVE, description: MEMORY_SAVE_DESCRIPTION, schema: MEMORY_SAVE_SCHEMA },
  { name: MEMORY_SEARCH, description: MEMORY_SEARCH_DESCRIPTION, schema: MEMORY_SEARCH_SCHEMA },
] as const;

type Shape = (t: (typeof TOOLS)[number]) => Record<string, unknown>;

/** Anthropic `{name, description, input_schema}`; OpenAI Chat `function` tools; Responses flat function tools. */
const SHAPES: Record<ProviderName, Shape> = {
  anthropic: (t) => ({ name: t.name, description: t.description, input_schema: structuredClone(t.schema) }),
  'openai-chat': (t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: structuredClone(t.schema) } }),
  'openai-responses': (t) => ({ type: 'function', name: t.name, description: t.description, parameters: structuredClone(t.schema) }),
};

/** Fresh tool definitions to append to a request's `tools` (in a fixed order, so the list never flips). */
export function memoryToolDefs(provider: ProviderName): Record<string, unknown>[] {
  return TOOLS.map(SHAPES[provider]);
}

export function isMemoryTool(name: string | undefined): boolean {
  return name !== undefined && MEMORY_TOOL_NAMES.includes(name);
}

export interface GatewayAnswer {
  text: string;
  isError: boolean;
}

export interface MemoryGateway {
  /** The model called `name` with `input` (an object, or OpenAI's JSON arguments string). Never throws for bad input. */
  answer(name: string, input: unknown): Promise<GatewayAnswer>;
}

/** Binds the memory and the request's project (e.g. from the `x-headroom-project` header `wrap` sets). */
export function createMemoryGateway(memory: Memory, ctx: MemoryContext): MemoryGateway {
  return {
    async answer(name, input) {
      let args = input;
      if (typeof args === 'string') {
        try {
          args = args.trim() === '' ? {} : JSON.parse(args);
        } catch {
          return { text: `headroom: ${name} arguments are not valid JSON`, isError: true };
        }
      }
      const r = await runMemoryTool(memory, name, args, ctx);
      return { text: r.text, isError: r.isError };
    },
  };
}
