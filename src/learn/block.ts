/**
 * The marker-delimited block `headroom learn` owns inside CLAUDE.md / AGENTS.md: rendering it, and putting it into
 * the file in place (replacing the old block, never adding a second) while leaving every other byte as it was.
 */
import { HeadroomError } from '../errors.ts';
import type { Rule } from './types.ts';

export const START = '<!-- headroom:learn:start -->';
export const END = '<!-- headroom:learn:end -->';

export class LearnError extends HeadroomError {
  constructor(message: string) {
    super('learn_error', `headroom learn: ${message}`, { status: 400 });
    this.name = 'LearnError';
  }
}

export function renderBlock(rules: readonly Rule[]): string {
  const fixes = rules.reduce((n, r) => n + r.count, 0);
  const lines = [
    START,
    '## Learned from past sessions',
    '',
    `<!-- Written by \`headroom learn\` from ${fixes} failed tool call${fixes === 1 ? '' : 's'} and the calls that fixed them. Edits inside this block are replaced on the next run. -->`,
    '',
    ...rules.map((r) => `- ${r.text}${r.count > 1 ? ` Seen ${r.count}×.` : ''}`),
    END,
  ];
  return lines.join('\n');
}

/** The file's text with `block` in place of the existing one, or appended after a blank line when there is none. */
export function updateBlock(current: string, block: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start === -1 && end === -1) {
    if (current === '') return `${block}\n`;
    return `${current}${current.endsWith('\n') ? '' : '\n'}\n${block}\n`;
  }
  if (start === -1 || end === -1 || end < start) {
    throw new LearnError(`the file has ${start === -1 ? 'an end' : 'a start'} marker without its pair; fix or remove "${start === -1 ? END : START}" and run again`);
  }
  if (current.indexOf(START, start + START.length) !== -1) throw new LearnError(`the file has more than one "${START}" block; keep one and run again`);
  return current.slice(0, start) + block + current.slice(end + END.length);
}
