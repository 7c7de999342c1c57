#!/usr/bin/env node
/**
 * Copies the tree-sitter runtime and grammar .wasm files from their pinned npm packages (devDependencies) into wasm/
 * and writes wasm/MANIFEST.json (file, package, version, licence, sha256). Run by hand after changing a grammar
 * version: `node scripts/copy-grammars.mjs`; the output is committed so nothing is fetched at install or run time.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** [package, file inside the package, file name in wasm/] — one row per shipped asset. */
const ASSETS = [
  ['web-tree-sitter', 'tree-sitter.wasm', 'tree-sitter.wasm'],
  ['tree-sitter-bash', 'tree-sitter-bash.wasm', 'tree-sitter-bash.wasm'],
  ['tree-sitter-c', 'tree-sitter-c.wasm', 'tree-sitter-c.wasm'],
  ['tree-sitter-c-sharp', 'tree-sitter-c_sharp.wasm', 'tree-sitter-c_sharp.wasm'],
  ['tree-sitter-cpp', 'tree-sitter-cpp.wasm', 'tree-sitter-cpp.wasm'],
  ['tree-sitter-go', 'tree-sitter-go.wasm', 'tree-sitter-go.wasm'],
  ['tree-sitter-java', 'tree-sitter-java.wasm', 'tree-sitter-java.wasm'],
  ['tree-sitter-javascript', 'tree-sitter-javascript.wasm', 'tree-sitter-javascript.wasm'],
  ['tree-sitter-php', 'tree-sitter-php.wasm', 'tree-sitter-php.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  ['tree-sitter-ruby', 'tree-sitter-ruby.wasm', 'tree-sitter-ruby.wasm'],
  ['tree-sitter-rust', 'tree-sitter-rust.wasm', 'tree-sitter-rust.wasm'],
  ['tree-sitter-typescript', 'tree-sitter-typescript.wasm', 'tree-sitter-typescript.wasm'],
  ['tree-sitter-typescript', 'tree-sitter-tsx.wasm', 'tree-sitter-tsx.wasm'],
];

const files = [];
for (const [pkg, from, to] of ASSETS) {
  // The top-level install is the pinned devDependency (some packages do not export ./package.json).
  const pkgJson = join(ROOT, 'node_modules', pkg, 'package.json');
  const meta = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const src = join(dirname(pkgJson), from);
  const bytes = readFileSync(src);
  copyFileSync(src, join(ROOT, 'wasm', to));
  files.push({
    file: to,
    package: pkg,
    version: meta.version,
    license: meta.license,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
}

const manifest = {
  note: 'Shipped WebAssembly assets for the code compressor: the web-tree-sitter runtime and one tree-sitter grammar per '
    + 'language, copied from pinned npm packages by scripts/copy-grammars.mjs (run by hand; output committed). '
    + 'Each entry: file, source package, version, licence, size in bytes, sha256.',
  files,
};
writeFileSync(join(ROOT, 'wasm', 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`copied ${files.length} wasm files into wasm/`);
