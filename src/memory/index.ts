export * from './types.ts';
export { createMemory, DEFAULT_K, MAX_K, type ListFilter, type Memory, type MemoryOptions, type SearchHit } from './memory.ts';
export { importJsonl, toJsonl, type ImportCounts } from './jsonl.ts';
export { NEAR_DUPLICATE, jaccard, normalise, noteId, tokenSet } from './similarity.ts';
export { createMemoryGateway, isMemoryTool, memoryToolDefs, type GatewayAnswer, type MemoryGateway } from './gateway-tools.ts';
export { MEMORY_SAVE, MEMORY_SEARCH, MEMORY_TOOL_NAMES, runMemoryTool, type MemoryToolResult } from './tools.ts';
