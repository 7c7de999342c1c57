// Edits a copy of unstorage's dist/ the way a small real patch would (bench/capture-real.sh makes a diff of it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: patch-tree.mjs DIR');

const EDITS = [
  ['throw new Error(`[unstorage] Invalid key: ${JSON.stringify(key)}`);',
    'throw new TypeError(`[unstorage] Invalid key (empty or contains ".."): ${JSON.stringify(key)}`);'],
  ['    for (const listener of context.watchListeners) {\n      listener(event, key);\n    }',
    '    for (const listener of context.watchListeners) {\n      try {\n        listener(event, key);\n      } catch (error) {\n        console.error("[unstorage] watch listener failed", error);\n      }\n    }'],
  ['    watching: false,\n', '    watching: false,\n    watchErrors: 0,\n'],
];

for (const file of ['index.mjs', 'index.cjs']) {
  const path = join(dir, file);
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of EDITS) {
    if (!text.includes(from)) throw new Error(`patch-tree: ${file} lacks ${JSON.stringify(from.slice(0, 60))}`);
    text = text.replace(from, to);
  }
  writeFileSync(path, text);
}
// The type declarations live in a hashed shared chunk; patch whichever .d.ts declares `interface Storage<`.
for (const ext of ['.d.ts', '.d.mts', '.d.cts']) {
  const shared = join(dir, 'shared');
  for (const file of readdirSync(shared).filter((f) => f.endsWith(ext))) {
    const path = join(shared, file);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/^(interface Storage<.*)$/m, '/** Listener errors are caught and logged; they never break other listeners. */\n$1'));
  }
}
