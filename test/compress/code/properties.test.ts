import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/compress/context.ts';
import { createCodeCompressor } from '../../../src/compress/code/index.ts';
import { loadGrammar } from '../../../src/compress/code/grammars.ts';
import { countTokens } from '../../../src/tokens/count.ts';
import { errorsOf, loader } from './helpers.ts';

beforeAll(async () => {
  await loadGrammar(loader, 'python');
  await loadGrammar(loader, 'typescript');
});

const outliner = createCodeCompressor({ loader, aggressive: true, aggressiveMinTokens: 0 });
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((s) => !['if', 'in', 'is', 'or', 'as', 'def', 'for', 'not', 'and', 'del', 'try', 'let', 'new', 'var', 'do'].includes(s));
const stmts = fc.array(fc.tuple(ident, fc.integer({ min: 0, max: 999 })), { minLength: 1, maxLength: 8 });

/** Random Python modules: functions (some with docstrings) and classes with methods. */
const pyModule = fc.array(fc.tuple(ident, stmts, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 6 }).map((defs) => {
  const out: string[] = ['import os', ''];
  defs.forEach(([name, body, doc, inClass], i) => {
    const ind = inClass ? '    ' : '';
    if (inClass) out.push(`class C${i}:`);
    out.push(`${ind}def ${name}_${i}(a, b=${i}):`);
    if (doc) out.push(`${ind}    """Doc of ${name}.`, '', `${ind}    More text.`, `${ind}    """`);
    for (const [v, n] of body) out.push(`${ind}    ${v}_v = a + ${n}`);
    out.push(`${ind}    return a`, '');
  });
  return { text: out.join('\n'), sigs: defs.map(([name], i) => `def ${name}_${i}(a, b=${i}):`) };
});

/** Random TypeScript modules: exported functions, classes with methods, arrow functions. */
const tsModule = fc.array(fc.tuple(ident, stmts, fc.constantFrom('fn', 'method', 'arrow')), { minLength: 1, maxLength: 6 }).map((defs) => {
  const out: string[] = ["import { x } from './x.ts';", ''];
  const sigs: string[] = [];
  defs.forEach(([name, body, form], i) => {
    const lines = body.map(([v, n]) => `  const ${v}_${i} = a + ${n};`);
    if (form === 'fn') sigs.push(`export function ${name}_${i}(a: number): number`);
    if (form === 'arrow') sigs.push(`export const ${name}_${i} = (a: number): number =>`);
    if (form === 'method') sigs.push(`  ${name}_${i}(a: number): number`);
    if (form === 'method') out.push(`export class K${i} {`, `${sigs[i]} {`, ...lines.map((l) => `  ${l}`), '    return a;', '  }', '}', '');
    else out.push(`${sigs[i]} {`, ...lines, '  return a;', `}${form === 'arrow' ? ';' : ''}`, '');
  });
  return { text: out.join('\n'), sigs };
});

describe('code: properties', () => {
  for (const [language, gen, path] of [['python', pyModule, 'm.py'], ['typescript', tsModule, 'm.ts']] as const) {
    it(`${language}: re-parses without new errors, keeps signatures, deterministic, never more tokens`, async () => {
      const samples = fc.sample(gen, { numRuns: 60, seed: 7 });
      for (const { text, sigs } of samples) {
        const input = { text, kind: 'code' as const, hints: { path } };
        const a = outliner.compress(input, createContext());
        const b = outliner.compress(input, createContext());
        expect(a).toEqual(b);
        if (!a) continue;
        expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(text));
        for (const s of sigs) expect(a.text).toContain(s);
        const code = a.text.slice(0, a.text.lastIndexOf('\n[headroom:'));
        expect(await errorsOf(language, code)).toBeLessThanOrEqual(await errorsOf(language, text));
      }
    });
  }
});
