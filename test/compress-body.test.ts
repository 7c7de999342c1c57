import { describe, expect, it } from 'vitest';
import { compress } from '../src/compress-body.ts';
import { InvalidInputError } from '../src/errors.ts';
import { anthropicBody, openaiChatBody, responsesBody, serviceLog } from './fixtures/bodies.ts';

const log = serviceLog(2000, 1234);

/** The tool_result text of the fixture's third message. */
const toolResult = (body: unknown): string => (body as { messages: { content: { content: string }[] }[] }).messages[2]!.content[0]!.content;

/** Everything except the given tool-output paths must be byte-identical (same key order, same values). */
function withoutToolOutput(body: unknown, strip: (b: any) => void): string {
  const copy = structuredClone(body) as any;
  strip(copy);
  return JSON.stringify(copy);
}

describe('compress(body)', () => {
  it('compresses an Anthropic tool_result and leaves everything else byte-identical', async () => {
    const body = anthropicBody(log);
    const before = JSON.stringify(body);
    const { body: out, stats, changed } = await compress(body);
    expect(JSON.stringify(body)).toBe(before); // the caller's object is not mutated
    expect(changed).toBe(true);
    expect(stats.provider).toBe('anthropic');
    expect(stats.tokensAfter).toBeLessThan(stats.tokensBefore / 3);
    const text = toolResult(out);
    expect(text).toContain('ERROR payments-7f9c charge failed: upstream timeout after 30000ms (order=ord_8812)');
    const strip = (b: any) => { b.messages[2].content[0].content = ''; };
    expect(withoutToolOutput(out, strip)).toBe(withoutToolOutput(body, strip));
    expect(stats.blocks[0]).toMatchObject({ path: 'messages[2].content[0].content', toolName: 'Bash' });
  });

  it('compresses OpenAI Chat tool messages', async () => {
    const { body: out, stats } = await compress(openaiChatBody(log));
    expect(stats.provider).toBe('openai-chat');
    expect((out.messages[3]!.content as string).length).toBeLessThan(log.length / 3);
    expect(out.messages[1]).toEqual({ role: 'user', content: 'Why did the payment for ord_8812 fail?' });
  });

  it('compresses Responses function_call_output and custom_tool_call_output parts', async () => {
    const { body: out, stats } = await compress(responsesBody(log));
    expect(stats.provider).toBe('openai-responses');
    const parts = (out.input[4] as { output: { text: string }[] }).output;
    expect(parts[0]!.text).toBe('Script completed\nWall time 0.3 seconds\nOutput:\n');
    expect(parts[1]!.text.length).toBeLessThan(log.length / 3);
    expect(((out.input[6] as { output: string }).output).length).toBeLessThan(log.length / 3);
    expect(stats.ids).toHaveLength(1); // the same original twice → one content-addressed id
  });

  it('returns the very same object when there is nothing to compress', async () => {
    const body = anthropicBody('total 0\n');
    const r = await compress(body);
    expect(r.body).toBe(body);
    expect(r.changed).toBe(false);
  });

  it('never touches an older tool_result that carries cache_control (a cached prefix)', async () => {
    const body = anthropicBody(log);
    (body.messages[2]!.content[0] as Record<string, unknown>).cache_control = { type: 'ephemeral' };
    body.messages.push({ role: 'assistant', content: [{ type: 'text', text: 'Looking further.' }] } as never);
    const r = await compress(body);
    expect(r.changed).toBe(false);
    expect(r.body).toBe(body);
  });

  it('compresses the live tool_result even with a fresh cache_control breakpoint (Claude Code marks every turn)', async () => {
    const body = anthropicBody(log);
    (body.messages[2]!.content[0] as Record<string, unknown>).cache_control = { type: 'ephemeral' };
    const r = await compress(body);
    expect(r.changed).toBe(true);
    expect((r.body.messages[2]!.content[0] as Record<string, unknown>).cache_control).toEqual({ type: 'ephemeral' });
  });

  it('edits in place when asked (the proxy owns its parsed body)', async () => {
    const body = anthropicBody(log);
    const r = await compress(body, { inPlace: true });
    expect(r.body).toBe(body);
    expect(toolResult(body).length).toBeLessThan(log.length);
  });

  it('is deterministic: the same body compresses to the same bytes', async () => {
    const a = await compress(anthropicBody(log));
    const b = await compress(anthropicBody(log));
    expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
  });

  it('rejects non-objects and unknown shapes with a typed error', async () => {
    await expect(compress('nope')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(compress([1, 2])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(compress({ prompt: 'x' })).rejects.toThrow(/not an Anthropic Messages/);
  });
});

describe('countExactly (the proxy compresses on estimates and counts after the response)', () => {
  it('gives the same exact figures as compressing in exact mode, reusing counts the gain decision took', async () => {
    const { countExactly } = await import('../src/compress-body.ts');
    const { countTokens } = await import('../src/tokens/count.ts');
    const small = serviceLog(300, 99); // under 64 KB: the gain decision counts it exactly
    for (const text of [small, log]) {
      const exact = await compress(anthropicBody(text));
      const fast = await compress(anthropicBody(text), { countTokens: false });
      expect(fast.stats.tokenCount).toBe('estimate');
      const counted: string[] = [];
      const recounted = await countExactly(fast.stats, fast.texts, (t) => { counted.push(t); return countTokens(t); });
      expect(recounted.tokenCount).toBe('exact');
      expect(recounted.tokensBefore).toBe(exact.stats.tokensBefore);
      expect(recounted.tokensAfter).toBe(exact.stats.tokensAfter);
      expect(recounted.blocks.map((b) => [b.tokensBefore, b.tokensAfter])).toEqual(exact.stats.blocks.map((b) => [b.tokensBefore, b.tokensAfter]));
      // The small log was counted during compression; nothing is tokenized twice.
      if (text === small) expect(counted).toEqual([]);
    }
  });
});
