/** `headroom retrieve <id>`: print the original behind a compression marker. */
import { defineCommand } from 'citty';
import { createLocalStore } from '../../../runtimes/node-storage.ts';
import { rejectUnknownFlags } from '../args.ts';
import { guard } from '../errors.ts';

const args = {
  id: { type: 'positional', required: true, description: 'The id from a [headroom: … · id=…] marker' },
} as const;

export default defineCommand({
  meta: { name: 'retrieve', description: 'Print the original text behind a marker id' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      process.stdout.write(await createLocalStore().getOriginal(a.id.trim()));
    }),
});
