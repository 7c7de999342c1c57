/**
 * The `headroom_retrieve` tool in each provider's own tool shape. The gateway answers calls to it itself, so the
 * description speaks to the model only: it names the marker the model sees and the one parameter it passes back.
 */
import type { ProviderName } from '../../providers/types.ts';

export const RETRIEVE_TOOL = 'headroom_retrieve';

export const RETRIEVE_DESCRIPTION =
  'Some tool output in this conversation was shortened by headroom. Each shortened output ends with a marker like ' +
  '`[headroom: kept 40 of 1,200 lines · id=<32 hex characters>]`. Call this tool with that id to get the complete ' +
  'original output back, when the shortened version lacks something you need (an omitted line, row or match).';

/** JSON Schema of the input; closed and fully required so it is valid under OpenAI's strict mode as well. */
const PARAMETERS = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'The id from the headroom marker (the 32 hex characters after `id=`).' },
  },
  required: ['id'],
  additionalProperties: false,
};

/**
 * Anthropic: `{name, description, input_schema}` (docs.anthropic.com, tool use). OpenAI Chat: a `function` tool
 * (platform.openai.com/docs/api-reference/chat). Responses: a flat function tool (…/api-reference/responses).
 */
export const TOOL_DEFS: Record<ProviderName, () => Record<string, unknown>> = {
  anthropic: () => ({ name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, input_schema: structuredClone(PARAMETERS) }),
  'openai-chat': () => ({
    type: 'function',
    function: { name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, parameters: structuredClone(PARAMETERS) },
  }),
  'openai-responses': () => ({ type: 'function', name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, parameters: structuredClone(PARAMETERS) }),
};

/** The name a tool definition carries in any of the three shapes. */
export function toolName(tool: unknown): string | undefined {
  if (typeof tool !== 'object' || tool === null) return undefined;
  const t = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof t.name === 'string') return t.name;
  return typeof t.function?.name === 'string' ? t.function.name : undefined;
}
