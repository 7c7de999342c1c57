/** The shared behaviour suite against a real Bun server on a port: `bun runtimes/bun.ts` (Bun from the `bun` npm package). */
import { join } from 'node:path';
import { runBehaviourSuite } from './behaviour.ts';
import { BIN, ROOT, spawnGateway } from './spawn.ts';

runBehaviourSuite('bun (Bun.serve on a port)', {
  runtime: /^bun \d/,
  start: (upstream) => spawnGateway(join(BIN, 'bun'), [
    join(ROOT, 'runtimes/bun.ts'), '--port', '0', '--store', 'memory', '--log-level', 'warn',
    '--anthropic-upstream', upstream, '--openai-upstream', upstream,
  ]),
});
