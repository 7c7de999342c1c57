/** The shipped prose model loads offline and scores words under Bun, as under Node. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BUN = join(ROOT, 'node_modules', '.bin', 'bun');
const run = (cmd: string) => promisify(execFile)(cmd, [join(ROOT, 'test/runtimes/fixtures/prose-scorers.ts')], { cwd: ROOT, timeout: 60_000 });

describe.each([
  ['bun', BUN],
  ['node (tsx)', join(ROOT, 'node_modules', '.bin', 'tsx')],
])('prose scorers under %s', (_name, bin) => {
  it.skipIf(!existsSync(bin) && !process.env.CI)('frequency and the ONNX model both compress, negations kept', async () => {
    const { stdout } = await run(bin);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { scorer: string; kind: string; before: number; after: number; marker: string; keptNot: boolean });
    expect(lines.map((l) => l.scorer)).toEqual(['frequency', 'onnx']);
    for (const l of lines) {
      expect(l.kind).toBe('text');
      expect(l.after).toBeLessThan(l.before);
      expect(l.marker).toContain(`(${l.scorer} scorer)`);
      expect(l.keptNot).toBe(true);
    }
  }, 90_000);
});
