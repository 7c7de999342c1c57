import { defineConfig } from 'tsdown';

// Entries: the library (web-standard, runs anywhere), the same library with Node's wasm grammar loader installed
// (package.json's "node" export condition), and the Node CLI.
export default defineConfig({
  entry: { index: 'src/index.ts', node: 'runtimes/node-lib.ts', cli: 'src/cli/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: true,
  clean: true,
});
