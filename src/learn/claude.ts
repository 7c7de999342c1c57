/**
 * Claude Code session logs (`~/.claude/projects/<encoded cwd>/<session>.jsonl`): one record per line; assistant records
 * carry `tool_use` blocks, the next user record the matching `tool_result` with `is_error` (Bash failures read
 * `Exit code N\n…`). Records from Claude Code 2.1 were checked against real logs written by the pinned CLI.
 */
import { arr, isObj, records, str, textOf, type Json } from './jsonl.ts';
import type { Session, ToolCall } from './types.ts';

/** Tools whose only learnable input is a path (the content of an Edit is not a habit to learn). */
const FILE_TOOLS: Record<string, string> = { Read: 'file_path', Edit: 'file_path', MultiEdit: 'file_path', Write: 'file_path', NotebookEdit: 'notebook_path' };

/** Results that are not the tool failing: the user said no, a permission was missing, the call was interrupted. */
const NOT_A_FAILURE = /doesn't want to (?:proceed|take this action)|requested permissions? to use|Permission to use .* has been denied|\[Request interrupted by user|tool use was rejected|hook .*blocked/i;

export const CLAUDE_EXIT = /^(?:Error: )?Exit code (\d+)/;

function callOf(block: Json): Omit<ToolCall, 'ok'> | null {
  const name = str(block.name);
  const input = isObj(block.input) ? block.input : {};
  if (!name) return null;
  if (name === 'Bash') {
    const command = str(input.command);
    return command ? { family: 'shell', tool: name, input: command.trim() } : null;
  }
  const key = FILE_TOOLS[name];
  const path = key ? str(input[key]) : undefined;
  return path ? { family: 'file', tool: name, input: path } : null;
}

export function parseClaudeSession(text: string, source: string): Session {
  const session: Session = { agent: 'claude', source, calls: [] };
  const pending = new Map<string, Omit<ToolCall, 'ok'>>();
  for (const rec of records(text)) {
    session.cwd ??= str(rec.cwd);
    const message = isObj(rec.message) ? rec.message : undefined;
    if (!message) continue;
    for (const block of arr(message.content)) {
      if (!isObj(block)) continue;
      if (block.type === 'tool_use' && rec.type === 'assistant') {
        const id = str(block.id);
        const call = callOf(block);
        if (id && call) pending.set(id, call);
      } else if (block.type === 'tool_result') {
        const id = str(block.tool_use_id);
        const call = id ? pending.get(id) : undefined;
        if (!id || !call) continue;
        pending.delete(id);
        const output = textOf(block.content);
        const failed = block.is_error === true;
        if (failed && NOT_A_FAILURE.test(output)) continue;
        const exit = CLAUDE_EXIT.exec(output);
        session.calls.push({
          ...call, ok: !failed,
          ...(exit ? { exitCode: Number(exit[1]) } : {}),
          ...(failed ? { error: output } : {}),
        });
      }
    }
  }
  return session;
}
