import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_RULES, OUTLINE_LANGUAGES } from '../../../src/compress/code/index.ts';
import { RUNTIME_WASM } from '../../../src/compress/code/grammars.ts';
import { WASM_DIR } from '../../../runtimes/node-wasm.ts';
import { FIXTURES, errorsOf, fixture } from './helpers.ts';

interface Entry { file: string; package: string; version: string; license: string; sha256: string }
const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', WASM_DIR), 'utf8')) as { note: string; files: Entry[] };

describe('wasm/MANIFEST.json', () => {
  it('lists the runtime and every grammar, each with package, version, licence and a matching sha256', () => {
    const files = manifest.files.map((f) => f.file);
    expect(files).toContain(RUNTIME_WASM);
    for (const lang of OUTLINE_LANGUAGES) expect(files).toContain(LANGUAGE_RULES[lang]!.grammar);
    for (const f of manifest.files) {
      expect(f.package).toMatch(/^(web-)?tree-sitter/);
      expect(f.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(f.license).toBe('MIT');
      const sha = createHash('sha256').update(readFileSync(new URL(f.file, WASM_DIR))).digest('hex');
      expect(sha, f.file).toBe(f.sha256);
    }
  });
});

describe('grammars', () => {
  it('covers at least the 13 languages the issue names', () => {
    expect(OUTLINE_LANGUAGES.length).toBeGreaterThanOrEqual(13);
    expect(FIXTURES.map(([l]) => l).sort()).toEqual([...OUTLINE_LANGUAGES].sort());
  });
  for (const [language, file] of FIXTURES) {
    it(`${language} loads and parses its sample without ERROR nodes`, async () => {
      expect(await errorsOf(language, fixture(file))).toBe(0);
    });
  }
});
