/** Request bodies for the proxy bench, shaped like Claude Code traffic (Anthropic Messages). */
import { countTokens } from '../../src/tokens/count.ts';
import { grepLines } from '../../src/perf/workloads/code-search.ts';
import { serviceLog } from '../../src/perf/workloads/sre-incident.ts';

const SYSTEM = [{ type: 'text', text: 'You are Claude Code, a coding agent.', cache_control: { type: 'ephemeral' } }];
const TOOLS = [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];

/** A short user turn: nothing to compress, so the proxy forwards the client's bytes as they are. */
export function smallBody(stream = false): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5', max_tokens: 1024, system: SYSTEM, tools: TOOLS, stream,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What does the retry helper in src/net/retry.ts do when the server sends Retry-After?' }] }],
  });
}

/** A turn whose live zone is one large Bash tool result. */
export function toolResultBody(question: string, command: string, output: string): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5', max_tokens: 32000, system: SYSTEM, tools: TOOLS, stream: false,
    messages: [
      { role: 'user', content: [{ type: 'text', text: question }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_bench', name: 'Bash', input: { command } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_bench', content: output, is_error: false }] },
    ],
  });
}

export interface BigBodies {
  kind: string;
  /** Distinct variants (different seeds), cycled so no cache of any layer sees the same output twice in a row. */
  bodies: string[];
  bytes: number;
  tokens: number;
}

/** ~100k-token tool results: grep output (~400 KB) and a service log (~230 KB: hex ids cost more tokens per byte). */
export function bigBodies(variants = 4): BigBodies[] {
  const make = (kind: string, gen: (seed: number) => string, question: string, command: string): BigBodies => {
    const outputs = Array.from({ length: variants }, (_, i) => gen(100 + i));
    const bodies = outputs.map((o) => toolResultBody(question, command, o));
    return { kind, bodies, bytes: Buffer.byteLength(bodies[0]!), tokens: countTokens(outputs[0]!) };
  };
  return [
    make('grep output', (s) => grepLines(s, 3100), 'Where is SessionStore defined and where is it constructed?', 'grep -rn SessionStore .'),
    make('service log', (s) => serviceLog(s, { lines: 1750, errorAt: 900 }).text, 'Why did the order checkout fail? Check the log.', 'kubectl logs deploy/checkout-api --since=2h'),
  ];
}
