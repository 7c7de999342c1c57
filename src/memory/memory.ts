/**
 * The memory store over an unstorage `Storage` (web-standard; fs, memory, Redis or KV underneath). Notes live under
 * `memory:<bucket>:<id>`, one bucket per project plus one for the user, so a search reads two small buckets.
 * Saving is an upsert: an exact duplicate (same normalised text) keeps one note, a near-duplicate in the same
 * bucket is merged into one (newer text, united tags), so agents can save freely without piling up copies.
 */
import type { Storage } from 'unstorage';
import { contentId } from '../ccr/id.ts';
import { analyzeQuery } from '../compress/relevance/query.ts';
import { scoreDocuments, topMatches } from '../compress/relevance/bm25.ts';
import { InvalidInputError, NotFoundError, StoreError } from '../errors.ts';
import { jaccard, NEAR_DUPLICATE, noteId, tokenSet } from './similarity.ts';
import { cleanTags, cleanText, parseNote, type MemoryContext, type MemoryScope, type Note, type SaveInput, type SaveResult } from './types.ts';

export interface MemoryOptions {
  /** Key prefix, e.g. a team; notes are only visible within their namespace. */
  namespace?: string;
  now?: () => number;
}

export interface ListFilter {
  /** Every note of every project (export, `memory list --all`); otherwise the context's project and the user's. */
  all?: boolean;
  scope?: MemoryScope;
}

export interface SearchHit {
  note: Note;
  score: number;
}

export interface Memory {
  save(input: SaveInput, ctx: MemoryContext): Promise<SaveResult>;
  /** Stores a note as given (export line), with its own timestamps; the same merge rules as `save`. */
  put(note: Note): Promise<SaveResult>;
  /** The best `k` notes for `query` among the project's and the user's, BM25-ranked; newest first for an empty query. */
  search(query: string, ctx: MemoryContext, k?: number): Promise<SearchHit[]>;
  /** Newest first. */
  list(ctx: MemoryContext, filter?: ListFilter): Promise<Note[]>;
  /** Removes the note whose id is `id` or starts with it (at least 6 characters, unambiguous). */
  delete(id: string): Promise<Note>;
}

export const DEFAULT_K = 5;
export const MAX_K = 50;

export function createMemory(storage: Storage, opts: MemoryOptions = {}): Memory {
  const root = `${opts.namespace ? `${opts.namespace}:` : ''}memory`;
  const now = opts.now ?? (() => Date.now());
  const bucketCache = new Map<string, string>();

  /** Project paths are hashed into the key: paths hold characters storage keys cannot. */
  async function bucketOf(note: Pick<Note, 'scope' | 'project'>): Promise<string> {
    if (note.scope === 'user') return 'user';
    const p = note.project!;
    let b = bucketCache.get(p);
    if (!b) {
      b = `p${(await contentId(p)).slice(0, 16)}`;
      bucketCache.set(p, b);
    }
    return b;
  }

  async function readKeys(keys: readonly string[]): Promise<Note[]> {
    const out: Note[] = [];
    if (keys.length === 0) return out;
    let items: { key: string; value: unknown }[];
    try {
      items = await storage.getItems([...keys]);
    } catch (cause) {
      throw new StoreError('could not read memory notes', cause);
    }
    for (const { value } of items) {
      try {
        out.push(parseNote(typeof value === 'string' ? JSON.parse(value) : value));
      } catch {
        // A corrupt or foreign entry is skipped rather than breaking every search.
      }
    }
    return out;
  }

  async function readBucket(bucket: string): Promise<Note[]> {
    return readKeys(await storage.getKeys(`${root}:${bucket}`));
  }

  async function write(bucket: string, note: Note): Promise<void> {
    try {
      await storage.setItem(`${root}:${bucket}:${note.id}`, JSON.stringify(note));
    } catch (cause) {
      throw new StoreError(`could not save memory note ${note.id}`, cause);
    }
  }

  async function remove(bucket: string, id: string): Promise<void> {
    await storage.removeItem(`${root}:${bucket}:${id}`);
  }

  async function upsert(incoming: Note): Promise<SaveResult> {
    const bucket = await bucketOf(incoming);
    const existing = await readBucket(bucket);
    const union = (notes: readonly Note[]) => cleanTags(notes.flatMap((n) => n.tags));
    const same = existing.find((n) => n.id === incoming.id);
    if (same) {
      const note: Note = { ...same, tags: union([same, incoming]), created: Math.min(same.created, incoming.created), updated: Math.max(same.updated, incoming.updated) };
      if (JSON.stringify(note) !== JSON.stringify(same)) await write(bucket, note);
      return { note, status: 'duplicate', replaced: [] };
    }
    const tokens = tokenSet(incoming.text);
    const near = existing.filter((n) => jaccard(tokens, tokenSet(n.text)) >= NEAR_DUPLICATE);
    if (near.length === 0) {
      await write(bucket, incoming);
      return { note: incoming, status: 'created', replaced: [] };
    }
    const group = [...near, incoming];
    // The newest text wins; on a tie the one being saved (it is the later call).
    const newest = group.reduce((a, b) => (b.updated >= a.updated ? b : a));
    const note: Note = {
      ...newest, tags: union(group),
      created: Math.min(...group.map((n) => n.created)), updated: Math.max(...group.map((n) => n.updated)),
    };
    await write(bucket, note);
    const replaced = near.filter((n) => n.id !== note.id).map((n) => n.id);
    for (const id of replaced) await remove(bucket, id);
    return { note, status: 'merged', replaced };
  }

  async function visible(ctx: MemoryContext, filter: ListFilter = {}): Promise<Note[]> {
    let notes: Note[];
    if (filter.all) notes = await readKeys(await storage.getKeys(root));
    else {
      notes = await readBucket('user');
      if (ctx.project) notes.push(...(await readBucket(await bucketOf({ scope: 'project', project: ctx.project }))));
    }
    if (filter.scope) notes = notes.filter((n) => n.scope === filter.scope);
    return notes.sort((a, b) => b.updated - a.updated || (a.id < b.id ? -1 : 1));
  }

  return {
    async save(input, ctx) {
      const text = cleanText(input.text);
      const scope = input.scope ?? (ctx.project ? 'project' : 'user');
      if (scope === 'project' && !ctx.project) throw new InvalidInputError('memory: no project here to save a project note to (use scope "user")');
      const t = now();
      return upsert({
        v: 1, id: await noteId(text), scope, ...(scope === 'project' ? { project: ctx.project } : {}),
        text, tags: cleanTags(input.tags), created: t, updated: t,
      });
    },

    async put(note) {
      const clean = parseNote(note);
      return upsert({ ...clean, id: await noteId(clean.text) });
    },

    async search(query, ctx, k = DEFAULT_K) {
      if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new InvalidInputError(`memory: k must be an integer from 1 to ${MAX_K}`);
      const notes = await visible(ctx);
      const q = analyzeQuery(query);
      if (q.terms.length === 0 && q.exact.length === 0) return notes.slice(0, k).map((note) => ({ note, score: 0 }));
      const scores = scoreDocuments(notes.map((n) => (n.tags.length ? `${n.text}\n${n.tags.join(' ')}` : n.text)), q);
      return topMatches(scores, k).map((i) => ({ note: notes[i]!, score: scores[i]! }));
    },

    list: visible,

    async delete(id) {
      const prefix = id.trim().toLowerCase();
      if (!/^[0-9a-f]{6,32}$/.test(prefix)) throw new InvalidInputError(`memory: "${id}" is not a note id (6 to 32 hex characters)`);
      const keys = (await storage.getKeys(root)).filter((k) => k.slice(k.lastIndexOf(':') + 1).startsWith(prefix));
      if (keys.length === 0) throw new NotFoundError(`no memory note with id ${prefix}`);
      if (keys.length > 1) throw new InvalidInputError(`memory: id ${prefix} matches ${keys.length} notes; give more characters`);
      const [note] = await readKeys(keys);
      await storage.removeItem(keys[0]!);
      if (!note) throw new NotFoundError(`no readable memory note with id ${prefix}`);
      return note;
    },
  };
}
