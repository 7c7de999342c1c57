/**
 * The two memory tools as the model sees them — descriptions, input schemas, result text — shared by the MCP server
 * and the gateway (`wrap --memory`), so an agent gets the same tool whichever way it reaches headroom.
 */
import { HeadroomError, InvalidInputError } from '../errors.ts';
import { DEFAULT_K, MAX_K, type Memory, type SearchHit } from './memory.ts';
import { MEMORY_SCOPES, type MemoryContext, type MemoryScope, type SaveResult } from './types.ts';

export const MEMORY_SAVE = 'memory_save';
export const MEMORY_SEARCH = 'memory_search';
export const MEMORY_TOOL_NAMES: readonly string[] = [MEMORY_SAVE, MEMORY_SEARCH];

export const MEMORY_SAVE_DESCRIPTION =
  'Save a durable note to the memory shared by every coding agent on this machine (Claude Code, Codex, …): a fact ' +
  'about this project or the user worth knowing next session — a build/test command that works, a convention, a ' +
  'pitfall and its fix, a preference. One self-contained sentence or short paragraph per note; saving the same or a ' +
  'near-identical note again updates it instead of adding a copy. Notes are project-scoped unless scope is "user".';

export const MEMORY_SEARCH_DESCRIPTION =
  'Search the memory shared by every coding agent on this machine for notes relevant to a question (this project\'s ' +
  'notes and the user\'s general ones), best match first. Use it before guessing how to build, test or run things ' +
  'here, or when the user refers to something decided earlier.';

/** JSON Schemas of the inputs (closed, so they are also valid under OpenAI's strict tool mode where it matters). */
export const MEMORY_SAVE_SCHEMA = {
  type: 'object',
  properties: {
    text: { type: 'string', description: 'The note: one self-contained fact, command or preference.' },
    tags: { type: 'array', items: { type: 'string' }, description: 'Optional short keywords, e.g. ["build", "testing"].' },
    scope: { type: 'string', enum: [...MEMORY_SCOPES], description: '"project" (default) or "user" for notes that apply everywhere.' },
  },
  required: ['text'],
  additionalProperties: false,
} as const;

export const MEMORY_SEARCH_SCHEMA = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'What you want to know, in a few words.' },
    k: { type: 'integer', minimum: 1, maximum: MAX_K, description: `How many notes to return (default ${DEFAULT_K}).` },
  },
  required: ['query'],
  additionalProperties: false,
} as const;

export interface MemoryToolResult {
  text: string;
  isError: boolean;
  /** Machine-readable result (MCP structuredContent). */
  data?: Record<string, unknown>;
}

export function formatSave(r: SaveResult): string {
  const what = r.status === 'created' ? 'saved' : r.status === 'duplicate' ? 'already saved; updated' : `merged with ${r.replaced.length ? r.replaced.join(', ') : 'a newer note'}`;
  return `memory note ${r.note.id} ${what} (${r.note.scope}${r.note.tags.length ? `, tags: ${r.note.tags.join(', ')}` : ''}): ${r.note.text}`;
}

export function formatHits(query: string, hits: readonly SearchHit[]): string {
  if (hits.length === 0) return `no memory notes match "${query}"`;
  return hits
    .map(({ note }, i) => `${i + 1}. [${note.id.slice(0, 8)} · ${note.scope}${note.tags.length ? ` · ${note.tags.join(', ')}` : ''} · ${new Date(note.updated).toISOString().slice(0, 10)}] ${note.text}`)
    .join('\n');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs memory_save / memory_search on an already-parsed input; expected failures come back as error results. */
export async function runMemoryTool(memory: Memory, name: string, input: unknown, ctx: MemoryContext): Promise<MemoryToolResult> {
  try {
    if (!isObj(input)) throw new InvalidInputError(`${name} takes an object argument`);
    if (name === MEMORY_SAVE) {
      const scope = input.scope;
      if (scope !== undefined && scope !== 'project' && scope !== 'user') throw new InvalidInputError('memory_save: scope must be "project" or "user"');
      const r = await memory.save({ text: input.text as string, tags: input.tags as string[] | undefined, scope: scope as MemoryScope | undefined }, ctx);
      return { text: formatSave(r), isError: false, data: { id: r.note.id, status: r.status, replaced: r.replaced, scope: r.note.scope, tags: r.note.tags } };
    }
    if (name === MEMORY_SEARCH) {
      if (typeof input.query !== 'string') throw new InvalidInputError('memory_search needs a "query" string');
      const k = input.k === undefined ? DEFAULT_K : input.k;
      if (typeof k !== 'number') throw new InvalidInputError('memory_search: k must be a number');
      const hits = await memory.search(input.query, ctx, k);
      return { text: formatHits(input.query, hits), isError: false, data: { notes: hits.map((h) => ({ ...h.note, score: h.score })) } };
    }
    throw new InvalidInputError(`unknown memory tool "${name}" (expected ${MEMORY_TOOL_NAMES.join(' or ')})`);
  } catch (err) {
    if (err instanceof HeadroomError) return { text: err.message, isError: true };
    throw err;
  }
}
