/**
 * `headroom memory list|search|save|delete|export|import`: the notes every agent on this machine shares (the same
 * store the MCP tools and the proxy use), scoped to the project (git root) the command runs in plus the user's.
 */
import { writeFile } from 'node:fs/promises';
import { defineCommand, type CommandDef } from 'citty';
import { createLocalMemory } from '../../../runtimes/node-storage.ts';
import { projectRoot } from '../../../runtimes/node-project.ts';
import { importJsonl, toJsonl } from '../../memory/jsonl.ts';
import { DEFAULT_K } from '../../memory/memory.ts';
import { formatHits, formatSave } from '../../memory/tools.ts';
import type { MemoryScope, Note } from '../../memory/types.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { readInputText } from '../input.ts';

const project = { type: 'string', description: 'Project directory (default: the git root of the working directory)' } as const;
const json = { type: 'boolean', default: false, description: 'Print JSON' } as const;

const context = (dir: string | undefined) => ({ project: projectRoot(dir) });
const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

function scopeArg(v: string | undefined): MemoryScope | undefined {
  if (v === undefined || v === 'project' || v === 'user') return v;
  throw new CliError(`--scope must be project or user, got "${v}"`);
}

function render(notes: readonly Note[]): string {
  if (notes.length === 0) return 'no memory notes\n';
  return notes.map((n) => `${n.id.slice(0, 12)}  ${day(n.updated)}  ${n.scope === 'user' ? 'user   ' : 'project'}  ${n.text.replace(/\s*\n\s*/g, ' ⏎ ')}${n.tags.length ? `  #${n.tags.join(' #')}` : ''}\n`).join('');
}

const listArgs = { project, json, all: { type: 'boolean', default: false, description: 'Every project\'s notes, not just this one\'s and the user\'s' }, scope: { type: 'string', description: 'Only project or only user notes' } } as const;
const list = defineCommand({
  meta: { name: 'list', description: 'List the notes visible here (newest first)' },
  args: listArgs,
  run: ({ args: a, rawArgs }) => guard(async () => {
    rejectUnknownFlags(rawArgs, listArgs);
    const notes = await createLocalMemory().list(context(a.project), { all: a.all, scope: scopeArg(a.scope) });
    process.stdout.write(a.json ? `${JSON.stringify(notes, null, 2)}\n` : render(notes));
  }),
});

const searchArgs = { query: { type: 'positional', required: true, description: 'What to look for' }, k: { type: 'string', alias: 'k', default: String(DEFAULT_K), description: 'How many notes' }, project, json } as const;
const search = defineCommand({
  meta: { name: 'search', description: 'Search the notes visible here (BM25, best first)' },
  args: searchArgs,
  run: ({ args: a, rawArgs }) => guard(async () => {
    rejectUnknownFlags(rawArgs, searchArgs);
    const query = [a.query, ...(a._ as string[]).slice(1)].join(' ');
    const hits = await createLocalMemory().search(query, context(a.project), Number(a.k));
    process.stdout.write(a.json ? `${JSON.stringify(hits, null, 2)}\n` : `${formatHits(query, hits)}\n`);
  }),
});

const saveArgs = { text: { type: 'positional', required: true, description: 'The note' }, tag: { type: 'string', alias: 't', description: 'Comma-separated tags' }, scope: { type: 'string', description: 'project (default) or user' }, project, json } as const;
const save = defineCommand({
  meta: { name: 'save', description: 'Save a note (the same as the memory_save tool)' },
  args: saveArgs,
  run: ({ args: a, rawArgs }) => guard(async () => {
    rejectUnknownFlags(rawArgs, saveArgs);
    const text = [a.text, ...(a._ as string[]).slice(1)].join(' ');
    const r = await createLocalMemory().save({ text, tags: a.tag?.split(','), scope: scopeArg(a.scope) }, context(a.project));
    process.stdout.write(a.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatSave(r)}\n`);
  }),
});

const deleteArgs = { id: { type: 'positional', required: true, description: 'Note id (or its first 6+ characters)' } } as const;
const del = defineCommand({
  meta: { name: 'delete', description: 'Delete a note by id' },
  args: deleteArgs,
  run: ({ args: a, rawArgs }) => guard(async () => {
    rejectUnknownFlags(rawArgs, deleteArgs);
    const note = await createLocalMemory().delete(a.id);
    process.stdout.write(`deleted ${note.id}: ${note.text}\n`);
  }),
});

const exportArgs = { file: { type: 'positional', required: false, description: 'Output file; "-" or nothing writes stdout' }, here: { type: 'boolean', default: false, description: 'Only this project\'s and the user\'s notes (default: all)' }, project } as const;
const exp = defineCommand({
  meta: { name: 'export', description: 'Write notes as JSON Lines (one note per line)' },
  args: exportArgs,
  run: ({ args: a, rawArgs }) => guard(async () => {
    rejectUnknownFlags(rawArgs, exportArgs);
    const text = toJsonl(await createLocalMemory().list(context(a.project), { all: !a.here }));
    if (!a.file || a.file === '-') process.stdout.write(text);
    else {
      await writeFile(a.file, text);
      process.stderr.write(`exported ${text.split('\n').length - 1} notes to ${a.file}\n`);
    }
  }),
});

const importArgs = { file: { type: 'positional', required: false, description: 'JSON Lines file from `memory export`; "-" or nothing reads stdin' } } as const;
const imp = defineCommand({
  meta: { name: 'import', description: 'Add notes from a JSON Lines export (idempotent: duplicates merge)' },
  args: importArgs,
  run: ({ args: a, rawArgs }) => guard(async () => {
    rejectUnknownFlags(rawArgs, importArgs);
    const c = await importJsonl(createLocalMemory(), await readInputText(a.file));
    process.stdout.write(`imported: ${c.created} new, ${c.duplicate} already present, ${c.merged} merged with a near-duplicate\n`);
  }),
});

export default defineCommand({
  meta: { name: 'memory', description: 'Notes shared by every agent on this machine: list, search, save, delete, export, import' },
  subCommands: { list, search, save, delete: del, export: exp, import: imp } as Record<string, CommandDef>,
});
