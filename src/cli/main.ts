/** The `headroom` command line (Node): subcommands load lazily so `--help` stays fast. */
import { defineCommand, runMain, type CommandDef } from 'citty';
import pkg from '../../package.json' with { type: 'json' };
import { installNodeModelLoader } from '../../runtimes/node-models.ts';
import { installNodeGrammarLoader } from '../../runtimes/node-wasm.ts';
import { CliError, reportAndExit } from './errors.ts';

// Grammars (wasm/) and the prose model (models/) ship with the package; every command compresses with them available.
installNodeGrammarLoader();
installNodeModelLoader();

const subCommands: Record<string, () => Promise<CommandDef>> = {
  compress: () => import('./commands/compress.ts').then((m) => m.default as CommandDef),
  retrieve: () => import('./commands/retrieve.ts').then((m) => m.default as CommandDef),
  proxy: () => import('./commands/proxy.ts').then((m) => m.default as CommandDef),
  stats: () => import('./commands/stats.ts').then((m) => m.default as CommandDef),
  diff: () => import('./commands/diff.ts').then((m) => m.default as CommandDef),
  mcp: () => import('./commands/mcp.ts').then((m) => m.default as CommandDef),
  memory: () => import('./commands/memory.ts').then((m) => m.default as CommandDef),
  wrap: () => import('./commands/wrap.ts').then((m) => m.default as CommandDef),
  unwrap: () => import('./commands/unwrap.ts').then((m) => m.default as CommandDef),
  doctor: () => import('./commands/doctor.ts').then((m) => m.default as CommandDef),
  learn: () => import('./commands/learn.ts').then((m) => m.default as CommandDef),
  perf: () => import('./commands/perf.ts').then((m) => m.default as CommandDef),
  evals: () => import('./commands/evals.ts').then((m) => m.default as CommandDef),
};

const main = defineCommand({
  meta: { name: 'headroom', version: pkg.version, description: pkg.description },
  subCommands,
});

// citty exits 1 without a word on an unknown subcommand; say which commands exist instead.
const first = process.argv[2];
if (first === undefined) {
  process.argv.push('--help');
} else if (!first.startsWith('-') && !(first in subCommands)) {
  reportAndExit(new CliError(`unknown command "${first}" (commands: ${Object.keys(subCommands).join(', ')}; see headroom --help)`));
} else if (first.startsWith('-') && !['--help', '-h', '--version', '-v'].includes(first)) {
  reportAndExit(new CliError(`unknown option ${first} (see headroom --help)`));
}

// `wrap <agent> -- args`: what follows `--` is the agent's (wrap reads it from process.argv); citty must not see it,
// or an agent's own --help / --version would print ours.
const dash = process.argv.indexOf('--');
await runMain(main, dash >= 0 ? { rawArgs: process.argv.slice(2, dash) } : {});
