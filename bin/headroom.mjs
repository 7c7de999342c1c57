#!/usr/bin/env node
// Thin launcher: the CLI is built to dist/ by `npm ci` (the `prepare` script) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('headroom: not built yet — run `npm run build` in the headroom folder first\n');
  process.exit(1);
}
await import(cli.href);
