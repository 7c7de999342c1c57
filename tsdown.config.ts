import { defineConfig } from 'tsdown';

// Two entries: the library (web-standard, runs anywhere) and the Node CLI.
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: true,
  clean: true,
});
