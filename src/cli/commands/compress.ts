/** `headroom compress [FILE|-]`: compress one blob of tool output and print it (or the full result as JSON). */
import { defineCommand } from 'citty';
import { textScorerProblem } from '../../../runtimes/node-models.ts';
import { createLocalStore } from '../../../runtimes/node-storage.ts';
import { compressText } from '../../compress/compress-text.ts';
import { createRegistry } from '../../compress/registry.ts';
import { CONTENT_KINDS, type ContentKind } from '../../compress/types.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { readInputText } from '../input.ts';

const args = {
  file: { type: 'positional', required: false, description: 'File to compress; "-" or nothing reads stdin' },
  query: { type: 'string', alias: 'q', description: 'The question the output should stay useful for' },
  kind: { type: 'string', alias: 'k', description: `Treat the input as this kind (${CONTENT_KINDS.join(', ')})` },
  tool: { type: 'string', description: 'Name of the tool that produced the output (a detection hint)' },
  path: { type: 'string', description: 'File path the output came from (a detection hint)' },
  'text-scorer': { type: 'string', description: 'Prose word scorer: frequency (default), onnx, or a model folder in models/' },
  json: { type: 'boolean', default: false, description: 'Print { text, kind, tokensBefore, tokensAfter, lossy, ids, decisions }' },
} as const;

export default defineCommand({
  meta: { name: 'compress', description: 'Compress tool output from a file or stdin' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      if (a.kind !== undefined && !CONTENT_KINDS.includes(a.kind as ContentKind)) {
        throw new CliError(`unknown kind "${a.kind}" (expected one of ${CONTENT_KINDS.join(', ')})`);
      }
      const scorerProblem = a['text-scorer'] ? textScorerProblem(a['text-scorer']) : undefined;
      if (scorerProblem) throw new CliError(scorerProblem);
      const text = await readInputText(a.file);
      const result = await compressText(text, {
        query: a.query, kind: a.kind as ContentKind | undefined, toolName: a.tool, path: a.path ?? (a.file && a.file !== '-' ? a.file : undefined),
        store: createLocalStore(),
        ...(a['text-scorer'] ? { registry: createRegistry({ text: { scorer: a['text-scorer'] } }) } : {}),
      });
      if (a.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    }),
});
