/** The shared behaviour suite against a real Deno server on a port: `deno run -A runtimes/deno.ts` (Deno from npm). */
import { join } from 'node:path';
import { runBehaviourSuite } from './behaviour.ts';
import { BIN, ROOT, spawnGateway } from './spawn.ts';

runBehaviourSuite('deno (Deno.serve on a port)', {
  runtime: /^deno \d/,
  start: (upstream) => spawnGateway(join(BIN, 'deno'), [
    'run', '-A', join(ROOT, 'runtimes/deno.ts'), '--port', '0', '--store', 'memory', '--log-level', 'warn',
    '--anthropic-upstream', upstream, '--openai-upstream', upstream,
  ], { env: { DENO_NO_UPDATE_CHECK: '1' } }),
});
