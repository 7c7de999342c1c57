/** Reading JSON Lines leniently: a session log being written, or from another version, may hold lines we cannot parse. */

export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function* records(text: string): Generator<Json> {
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isObj(v)) yield v;
    } catch {
      // a truncated last line (the agent is still writing) or a foreign line: skip it
    }
  }
}

/** Text of a tool result's content: a string, or a list of `{type:"text"|"input_text", text}` parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content).map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('');
}
