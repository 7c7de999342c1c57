/** Hints about a tool output taken from the tool call that produced it (name, command, file path). */
import type { Hints } from '../compress/types.ts';
import { isObject } from './types.ts';

const PATH_KEYS = ['file_path', 'filePath', 'path', 'file', 'filename', 'notebook_path'] as const;
const COMMAND_KEYS = ['command', 'cmd', 'script'] as const;

/** From a tool call's input: an object (Anthropic), a JSON string (OpenAI arguments) or free text (custom tools). */
export function hintsFromCall(name: string | undefined, input: unknown): Hints {
  const hints: Hints = {};
  if (name) hints.toolName = name;
  let args = input;
  if (typeof input === 'string') {
    const t = input.trim();
    if (t.startsWith('{')) {
      try {
        args = JSON.parse(t);
      } catch {
        args = input;
      }
    }
  }
  if (isObject(args)) {
    for (const k of PATH_KEYS) if (typeof args[k] === 'string') { hints.path = args[k]; break; }
    for (const k of COMMAND_KEYS) {
      const v = args[k];
      if (typeof v === 'string') { hints.command = v; break; }
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) { hints.command = v.join(' '); break; }
    }
  } else if (typeof args === 'string') {
    // Free-form tool input (e.g. Codex's `exec` runs JS that calls exec_command({ cmd: "…" })).
    const m = /\bcmd"?\s*:\s*"((?:[^"\\\n]|\\.){1,2000})"/.exec(args);
    if (m?.[1]) hints.command = m[1].replace(/\\(.)/g, '$1');
  }
  return hints;
}

/** Text the client injected around the user's words (reminders, environment context) is not the user's question. */
export function isInjectedText(text: string): boolean {
  return /^\s*<([A-Za-z_][\w-]*)[^>]*>[\s\S]*<\/\1>\s*$/.test(text);
}
