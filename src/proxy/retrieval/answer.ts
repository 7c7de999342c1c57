/** Answers the model's calls to gateway tools, each by its tool's own answer function (looked up by name). */
import type { GatewayTool } from './gateway-tools.ts';

export interface ToolCall {
  /** The provider's id for this call (Anthropic `tool_use.id`, OpenAI `call_id`). */
  callId: string;
  name: string;
  /** The call's input: an object (Anthropic) or the JSON arguments string (OpenAI). */
  args: unknown;
}

export interface ToolAnswer {
  callId: string;
  text: string;
  isError: boolean;
}

export type ToolTable = ReadonlyMap<string, GatewayTool>;

export async function answerCalls(tools: ToolTable, calls: readonly ToolCall[]): Promise<ToolAnswer[]> {
  return Promise.all(calls.map(async (call): Promise<ToolAnswer> => {
    const tool = tools.get(call.name);
    // Dialects only hand over calls to offered tools; a stray name still gets an answer the model can read.
    if (!tool) return { callId: call.callId, text: `headroom: no gateway tool named "${call.name}"`, isError: true };
    try {
      return { callId: call.callId, ...(await tool.answer(call.args)) };
    } catch (err) {
      return { callId: call.callId, text: `headroom: ${call.name} failed: ${err instanceof Error ? err.message : String(err)}`, isError: true };
    }
  }));
}
