/** Notes shared by every agent on a machine (or a team): the shapes and the boundary validation. */
import { InvalidInputError } from '../errors.ts';

/** `project` notes belong to one project (its git root); `user` notes follow the user everywhere. */
export type MemoryScope = 'project' | 'user';
export const MEMORY_SCOPES: readonly MemoryScope[] = ['project', 'user'];

export interface Note {
  v: 1;
  /** SHA-256 of the normalised text (32 hex characters). */
  id: string;
  scope: MemoryScope;
  /** The project (absolute git root) of a `project` note. */
  project?: string;
  text: string;
  tags: string[];
  /** ms since the epoch. */
  created: number;
  updated: number;
}

/** Who is asking: the project the agent runs in, resolved by the runtime (CLI: git root of the working directory). */
export interface MemoryContext {
  project?: string;
}

export interface SaveInput {
  text: string;
  tags?: readonly string[];
  /** Default: `project` when the context has a project, else `user`. */
  scope?: MemoryScope;
}

export type SaveStatus = 'created' | 'duplicate' | 'merged';

export interface SaveResult {
  note: Note;
  status: SaveStatus;
  /** Ids of the notes folded into `note` (near-duplicates; an exact duplicate keeps its id). */
  replaced: string[];
}

export const MAX_NOTE_CHARS = 8000;
export const MAX_TAGS = 20;
const MAX_TAG_CHARS = 40;

/** Tags trimmed, lower-cased, de-duplicated and sorted, so the same set always has the same bytes. */
export function cleanTags(tags: readonly unknown[] | undefined): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags)) throw new InvalidInputError('memory: tags must be a list of strings');
  const out = new Set<string>();
  for (const t of tags) {
    if (typeof t !== 'string') throw new InvalidInputError('memory: tags must be strings');
    const tag = t.trim().toLowerCase().replace(/^#/, '');
    if (tag.length > MAX_TAG_CHARS) throw new InvalidInputError(`memory: tag "${tag.slice(0, 20)}…" is longer than ${MAX_TAG_CHARS} characters`);
    if (tag) out.add(tag);
  }
  if (out.size > MAX_TAGS) throw new InvalidInputError(`memory: at most ${MAX_TAGS} tags per note`);
  return [...out].sort();
}

export function cleanText(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidInputError('memory: a note needs non-empty text');
  const t = text.trim();
  if (t.length > MAX_NOTE_CHARS) throw new InvalidInputError(`memory: a note is at most ${MAX_NOTE_CHARS} characters (got ${t.length}); save the gist`);
  return t;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A note read from storage or an export line; throws InvalidInputError saying what is wrong. */
export function parseNote(value: unknown): Note {
  if (!isObj(value) || value.v !== 1) throw new InvalidInputError('memory: not a note (expected an object with "v": 1)');
  const scope = value.scope;
  if (scope !== 'project' && scope !== 'user') throw new InvalidInputError(`memory: note scope must be project or user, got ${JSON.stringify(scope)}`);
  if (scope === 'project' && (typeof value.project !== 'string' || value.project === '')) throw new InvalidInputError('memory: a project note needs its "project"');
  if (!isTime(value.created) || !isTime(value.updated)) throw new InvalidInputError('memory: note "created"/"updated" must be timestamps (ms)');
  return {
    v: 1,
    id: typeof value.id === 'string' ? value.id : '',
    scope,
    ...(scope === 'project' ? { project: value.project as string } : {}),
    text: cleanText(value.text),
    tags: cleanTags(value.tags as unknown[] | undefined),
    created: value.created,
    updated: value.updated,
  };
}
