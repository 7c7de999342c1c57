/** citty lets unknown flags through silently; we reject them with a clear one-line message instead. */
import type { ArgsDef } from 'citty';
import { CliError } from './errors.ts';

export function rejectUnknownFlags(rawArgs: readonly string[], def: ArgsDef): void {
  const known = new Set<string>(['help', 'h']);
  for (const [name, arg] of Object.entries(def)) {
    known.add(name);
    known.add(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    const alias = 'alias' in arg ? arg.alias : undefined;
    for (const a of Array.isArray(alias) ? alias : alias ? [alias] : []) known.add(a);
    if (arg.type === 'boolean') known.add(`no-${name}`);
  }
  for (const raw of rawArgs) {
    if (raw === '--') break;
    if (!raw.startsWith('-') || raw === '-') continue;
    const name = raw.replace(/^--?/, '').split('=')[0] ?? '';
    if (!known.has(name)) throw new CliError(`unknown option ${raw.split('=')[0]}`);
  }
}
