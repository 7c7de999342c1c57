/**
 * Codex CLI session logs (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`): `{timestamp, type, payload}` lines.
 * Shell commands and their exit codes appear as events — `item_completed` with a `CommandExecution` item (Codex 0.16x,
 * checked against logs written by the pinned CLI) or `exec_command_end` (older releases). Logs with neither fall back
 * to `function_call` / `function_call_output` response items, whose output carries the exit code.
 */
import { arr, isObj, records, str, textOf, type Json } from './jsonl.ts';
import { quoteWord } from './shell.ts';
import type { Session, ToolCall } from './types.ts';

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash']);
const SHELL_TOOLS = new Set(['shell', 'container.exec', 'local_shell', 'exec_command', 'shell_command']);

/** `["/bin/bash","-lc","cmd"]` → `cmd`; any other argv is joined back into a command line. */
export function commandLine(command: unknown): string | undefined {
  if (typeof command === 'string') return command.trim() || undefined;
  const argv = arr(command).filter((w): w is string => typeof w === 'string');
  if (argv.length === 0) return undefined;
  const shell = argv[0]!.split('/').pop()!;
  if (argv.length >= 3 && SHELLS.has(shell) && /^-l?c$/.test(argv[1]!)) return argv.slice(2).join(' ').trim();
  return argv.map(quoteWord).join(' ');
}

function fromEvent(payload: Json): ToolCall | null {
  const item = payload.type === 'item_completed' && isObj(payload.item) && payload.item.type === 'CommandExecution' ? payload.item
    : payload.type === 'exec_command_end' ? payload : undefined;
  if (!item) return null;
  const input = commandLine(item.command);
  const exitCode = typeof item.exit_code === 'number' ? item.exit_code : undefined;
  if (!input || (exitCode === undefined && item.status !== 'failed' && item.status !== 'completed')) return null;
  const ok = exitCode !== undefined ? exitCode === 0 : item.status === 'completed';
  const output = str(item.aggregated_output) ?? str(item.stderr) ?? str(item.formatted_output) ?? '';
  return { family: 'shell', tool: 'shell', input, ok, ...(exitCode !== undefined ? { exitCode } : {}), ...(ok ? {} : { error: output }) };
}

/** Exit code in a function_call_output: `{"output":…,"metadata":{"exit_code":N}}` or text saying so. */
function outputResult(output: unknown): { exitCode?: number; text: string } {
  const text = textOf(output);
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObj(parsed) && isObj(parsed.metadata) && typeof parsed.metadata.exit_code === 'number') {
      return { exitCode: parsed.metadata.exit_code, text: str(parsed.output) ?? '' };
    }
  } catch {
    // plain text output
  }
  const m = /(?:Process exited with code|Exit code:?)\s*(-?\d+)/.exec(text);
  return m ? { exitCode: Number(m[1]), text } : { text };
}

function argsOf(payload: Json): Json {
  if (isObj(payload.arguments)) return payload.arguments;
  try {
    const v: unknown = JSON.parse(str(payload.arguments) ?? '');
    return isObj(v) ? v : {};
  } catch {
    return {};
  }
}

export function parseCodexSession(text: string, source: string): Session {
  const session: Session = { agent: 'codex', source, calls: [] };
  const fromEvents: ToolCall[] = [];
  const fromItems: ToolCall[] = [];
  const pending = new Map<string, string>();
  for (const rec of records(text)) {
    const payload = isObj(rec.payload) ? rec.payload : undefined;
    if (!payload) continue;
    if (rec.type === 'session_meta') session.cwd ??= str(payload.cwd);
    else if (rec.type === 'event_msg') {
      const call = fromEvent(payload);
      if (call) fromEvents.push(call);
    } else if (rec.type === 'response_item') {
      if (payload.type === 'function_call' && SHELL_TOOLS.has(str(payload.name) ?? '')) {
        const args = argsOf(payload);
        const input = commandLine(args.command ?? args.cmd);
        const id = str(payload.call_id);
        if (input && id) pending.set(id, input);
      } else if (payload.type === 'function_call_output') {
        const id = str(payload.call_id);
        const input = id ? pending.get(id) : undefined;
        if (!id || !input) continue;
        pending.delete(id);
        const { exitCode, text: out } = outputResult(payload.output);
        if (exitCode === undefined) continue;
        fromItems.push({ family: 'shell', tool: 'shell', input, ok: exitCode === 0, exitCode, ...(exitCode === 0 ? {} : { error: out }) });
      }
    }
  }
  // Events and response items describe the same commands; counting both would learn every lesson twice.
  session.calls = fromEvents.length > 0 ? fromEvents : fromItems;
  return session;
}
