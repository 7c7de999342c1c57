/** `memory_save` / `memory_search` as gateway tools: offered on every request while the proxy runs with `memory`. */
import { memoryToolDefs, MEMORY_TOOL_NAMES, type MemoryGateway } from '../../memory/gateway-tools.ts';
import type { GatewayTool } from './gateway-tools.ts';

export function memoryTools(memory: MemoryGateway): GatewayTool[] {
  // memoryToolDefs lists the definitions in MEMORY_TOOL_NAMES order.
  return MEMORY_TOOL_NAMES.map((name, i) => ({
    name,
    def: (provider) => memoryToolDefs(provider)[i]!,
    // Always, so the tool list of a session never changes because of memory (a changed list busts the prompt cache).
    offer: () => Promise.resolve(true),
    answer: (args) => memory.answer(name, args),
  }));
}
