/** memory_save / memory_search as the gateway offers them: provider tool shapes and `answer(name, input)`. */
import { createStorage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { createMemory, createMemoryGateway, isMemoryTool, memoryToolDefs } from '../../src/memory/index.ts';

describe('memory gateway tools', () => {
  it('defines both tools in each provider\'s own shape, in a fixed order', () => {
    const a = memoryToolDefs('anthropic');
    expect(a.map((t) => t.name)).toEqual(['memory_save', 'memory_search']);
    expect(a[0]).toMatchObject({ input_schema: { type: 'object', required: ['text'] } });
    const chat = memoryToolDefs('openai-chat');
    expect(chat[1]).toMatchObject({ type: 'function', function: { name: 'memory_search', parameters: { required: ['query'] } } });
    const responses = memoryToolDefs('openai-responses');
    expect(responses[0]).toMatchObject({ type: 'function', name: 'memory_save', parameters: { additionalProperties: false } });
    expect(JSON.stringify(memoryToolDefs('anthropic'))).toBe(JSON.stringify(a));
    expect(isMemoryTool('memory_search')).toBe(true);
    expect(isMemoryTool('headroom_retrieve')).toBe(false);
  });

  it('answers calls with objects (Anthropic) and JSON argument strings (OpenAI); bad input is an error result', async () => {
    const memory = createMemory(createStorage());
    const gw = createMemoryGateway(memory, { project: '/p' });
    const saved = await gw.answer('memory_save', { text: 'use uv run pytest for tests', tags: ['tests'] });
    expect(saved).toMatchObject({ isError: false });
    expect(saved.text).toMatch(/^memory note [0-9a-f]{32} saved \(project, tags: tests\)/);
    const found = await gw.answer('memory_search', '{"query":"how to run pytest","k":3}');
    expect(found.isError).toBe(false);
    expect(found.text).toContain('use uv run pytest for tests');
    expect(await gw.answer('memory_search', '{oops')).toMatchObject({ isError: true, text: expect.stringMatching(/not valid JSON/) });
    expect(await gw.answer('memory_save', {})).toMatchObject({ isError: true, text: expect.stringMatching(/non-empty text/) });
    expect(await gw.answer('memory_search', { query: 'x', k: 500 })).toMatchObject({ isError: true });
    expect(await gw.answer('memory_forget', {})).toMatchObject({ isError: true, text: expect.stringMatching(/unknown memory tool/) });
    // Another agent in the same project, through another gateway, sees the note.
    expect((await createMemoryGateway(memory, { project: '/p' }).answer('memory_search', { query: 'pytest' })).text).toContain('uv run pytest');
    expect((await createMemoryGateway(memory, { project: '/q' }).answer('memory_search', { query: 'pytest' })).text).toMatch(/^no memory notes/);
  });
});
