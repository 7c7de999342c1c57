import { describe, expect, it } from 'vitest';
import { anthropicAdapter } from '../../src/providers/anthropic/visitor.ts';
import { isInjectedText } from '../../src/providers/hints.ts';
import { openaiChatAdapter } from '../../src/providers/openai-chat/visitor.ts';
import { openaiResponsesAdapter } from '../../src/providers/openai-responses/visitor.ts';
import { detectProvider } from '../../src/providers/registry.ts';
import { anthropicBody, openaiChatBody, responsesBody } from '../fixtures/bodies.ts';

describe('provider detection', () => {
  it('tells the three formats apart', () => {
    expect(detectProvider(anthropicBody('x'))?.name).toBe('anthropic');
    expect(detectProvider(openaiChatBody('x'))?.name).toBe('openai-chat');
    expect(detectProvider(responsesBody('x'))?.name).toBe('openai-responses');
    expect(detectProvider({ input: 'hello', model: 'gpt-5' })?.name).toBe('openai-responses');
    expect(detectProvider({ prompt: 'hello' })).toBeUndefined();
  });
});

describe('anthropic visitor', () => {
  it('finds tool_result text with the hints of its tool_use', () => {
    const refs = anthropicAdapter.toolOutputs(anthropicBody('LOG'));
    expect(refs.map((r) => [r.path, r.get(), r.hints])).toEqual([
      ['messages[2].content[0].content', 'LOG', { toolName: 'Bash', command: 'tail -n 400 /var/log/payments.log' }],
    ]);
  });

  it('visits text parts of array content; cache_control freezes older blocks, not live ones', () => {
    const body = anthropicBody('x');
    body.messages[2]!.content = [
      { tool_use_id: 'toolu_1', type: 'tool_result', content: [{ type: 'text', text: 'A' }, { type: 'image', source: {} }, { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } }] },
    ] as never;
    expect(anthropicAdapter.toolOutputs(body).map((r) => [r.path, r.frozen, r.live])).toEqual([
      ['messages[2].content[0].content[0].text', false, true],
      ['messages[2].content[0].content[2].text', false, true],
    ]);
    body.messages.push({ role: 'assistant', content: [{ type: 'text', text: 'ok' }] } as never);
    const refs = anthropicAdapter.toolOutputs(body);
    expect(refs.map((r) => [r.frozen, r.live])).toEqual([[false, false], [true, false]]);
    refs[0]!.set('a');
    expect((body.messages[2]!.content as unknown as { content: { text: string }[] }[])[0]!.content[0]!.text).toBe('a');
  });

  it('takes the last user-typed text as the query, skipping injected reminders', () => {
    expect(anthropicAdapter.lastUserText(anthropicBody('x'))).toBe('Why did the payment for ord_8812 fail? Check the service log.');
  });
});

describe('openai chat visitor', () => {
  it('finds role:tool messages with hints from the assistant tool call', () => {
    const refs = openaiChatAdapter.toolOutputs(openaiChatBody('OUT'));
    expect(refs.map((r) => [r.path, r.get(), r.hints])).toEqual([
      ['messages[3].content', 'OUT', { toolName: 'shell', command: 'tail -n 400 payments.log' }],
    ]);
    expect(openaiChatAdapter.lastUserText(openaiChatBody('x'))).toBe('Why did the payment for ord_8812 fail?');
  });
});

describe('openai responses visitor', () => {
  it('finds custom_tool_call_output parts and function_call_output strings', () => {
    const refs = openaiResponsesAdapter.toolOutputs(responsesBody('OUT'));
    expect(refs.map((r) => [r.path, r.hints])).toEqual([
      ['input[4].output[0].text', { toolName: 'exec', command: 'tail -n 400 payments.log' }],
      ['input[4].output[1].text', { toolName: 'exec', command: 'tail -n 400 payments.log' }],
      ['input[6].output', { toolName: 'shell', command: 'cat big.log' }],
    ]);
    expect(openaiResponsesAdapter.lastUserText(responsesBody('x'))).toBe('Why did the payment for ord_8812 fail?');
  });
});

describe('injected text', () => {
  it('recognises whole-block XML-ish wrappers only', () => {
    expect(isInjectedText('<system-reminder>\nhi\n</system-reminder>')).toBe(true);
    expect(isInjectedText('<environment_context>\n<cwd>/x</cwd>\n</environment_context>\n')).toBe(true);
    expect(isInjectedText('why does <div> break?')).toBe(false);
    expect(isInjectedText('<b>bold</b> and more')).toBe(false);
  });
});
