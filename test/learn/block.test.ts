/** The learned block inside CLAUDE.md / AGENTS.md: appended once, then replaced in place; everything else untouched. */
import { describe, expect, it } from 'vitest';
import { END, LearnError, renderBlock, START, updateBlock } from '../../src/learn/block.ts';
import type { Rule } from '../../src/learn/types.ts';

const rule = (text: string, count = 1): Rule => ({ key: text, kind: 'program', text, count, sessions: count, agents: ['claude'] });

describe('updateBlock', () => {
  const block1 = renderBlock([rule('Run `python3` instead of `python`.', 2)]);
  const block2 = renderBlock([rule('Run `python3` instead of `python`.', 3), rule('Use `npm`.')]);

  it('creates the file content, or appends after a blank line keeping what is there', () => {
    expect(updateBlock('', block1)).toBe(`${block1}\n`);
    expect(updateBlock('# Project\n\nUse tabs.', block1)).toBe(`# Project\n\nUse tabs.\n\n${block1}\n`);
  });

  it('replaces the block in place on the next run and never adds a second', () => {
    const before = `# Project\n\n${block1}\n\n## Notes\nkeep me\n`;
    const after = updateBlock(before, block2);
    expect(after).toBe(`# Project\n\n${block2}\n\n## Notes\nkeep me\n`);
    expect(after.split(START)).toHaveLength(2);
    expect(updateBlock(after, block2)).toBe(after);
  });

  it('refuses a file whose markers are broken instead of guessing', () => {
    expect(() => updateBlock(`${START}\nhalf`, block1)).toThrow(LearnError);
    expect(() => updateBlock(`${END}\n${START}`, block1)).toThrow(/without its pair/);
    expect(() => updateBlock(`${block1}\n${block1}`, block1)).toThrow(/more than one/);
  });

  it('renders counts and the rules as bullets between the markers', () => {
    expect(block2.split('\n')).toEqual([
      START, '## Learned from past sessions', '',
      '<!-- Written by `headroom learn` from 4 failed tool calls and the calls that fixed them. Edits inside this block are replaced on the next run. -->',
      '', '- Run `python3` instead of `python`. Seen 3×.', '- Use `npm`.', END,
    ]);
  });
});
