/** File extensions and content signatures of source code, so code is recognised (and, until the code compressor lands, left alone). */

export const EXTENSION_LANGUAGE: Readonly<Record<string, string>> = {
  py: 'python', pyi: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', go: 'go', rs: 'rust', java: 'java',
  kt: 'kotlin', scala: 'scala', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  cs: 'c_sharp', rb: 'ruby', php: 'php', sh: 'bash', bash: 'bash', zsh: 'bash', swift: 'swift', lua: 'lua',
  vue: 'vue', svelte: 'svelte', sql: 'sql', r: 'r', pl: 'perl', ex: 'elixir', exs: 'elixir', dart: 'dart',
  zig: 'zig', hs: 'haskell', ml: 'ocaml', css: 'css', scss: 'scss', toml: 'toml', yaml: 'yaml', yml: 'yaml',
};

/** Lower-cased extension of a path ("src/a.test.ts" → "ts"), or undefined. */
export function extensionOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

export function languageOfPath(path: string | undefined): string | undefined {
  const ext = extensionOf(path);
  return ext ? EXTENSION_LANGUAGE[ext] : undefined;
}

/** Line-start signatures that are strong evidence of code, with the language they suggest. */
const SIGNATURES: readonly (readonly [RegExp, string])[] = [
  [/^(?:from [\w.]+ import |import [\w.]+(?: as \w+)?$|def \w+\(|class \w+[(:]|async def |@\w+)/, 'python'],
  [/^(?:import .+ from ['"]|export (?:default |const |function |class |interface |type |async )|const \w+ = (?:require\(|\(|async))/, 'typescript'],
  [/^(?:package \w+$|func (?:\(\w+ \*?\w+\) )?\w+\(|import \($)/, 'go'],
  [/^(?:use [\w:]+(?:::\{[^}]*\})?;|fn \w+|pub (?:fn|struct|enum|trait|mod) |impl(?:<[^>]*>)? \w+|mod \w+;)/, 'rust'],
  [/^(?:#include [<"]|#define |int main\(|typedef |static \w+ \w+\()/, 'c'],
  [/^(?:public |private |protected )?(?:static )?(?:final )?(?:class|interface|enum) \w+|^package [\w.]+;$/, 'java'],
  [/^(?:#!\/bin\/(?:ba)?sh|#!\/usr\/bin\/env (?:ba)?sh)/, 'bash'],
  [/^(?:<\?php|namespace [\w\\]+;)/, 'php'],
  [/^(?:require ['"]|module \w+$|class \w+ < \w+|def \w+(?:\(|$))/, 'ruby'],
];

/** Guesses a language from the first lines; returns [score 0..1, language]. */
export function sniffCode(sample: string): [number, string | undefined] {
  const lines = sample.split('\n', 80);
  const votes = new Map<string, number>();
  let codeish = 0;
  let nonEmpty = 0;
  for (const line of lines) {
    const t = line.trim();
    if (t === '') continue;
    nonEmpty++;
    for (const [re, lang] of SIGNATURES) {
      if (re.test(t)) {
        votes.set(lang, (votes.get(lang) ?? 0) + 1);
        codeish += 2;
        break;
      }
    }
    if (/[;{}]$|^[})\]];?$|^\/\/|^\/\*|^\*|^#(?!\s*\d)|=>|\breturn\b/.test(t)) codeish++;
  }
  if (nonEmpty === 0) return [0, undefined];
  let best: string | undefined;
  let bestVotes = 0;
  for (const [lang, v] of votes) if (v > bestVotes) [best, bestVotes] = [lang, v];
  return [Math.min(0.85, codeish / nonEmpty / 1.5), best];
}
