/** JSON Lines export/import of notes: one note per line, oldest first, so exports diff and merge cleanly. */
import { InvalidInputError } from '../errors.ts';
import type { Memory } from './memory.ts';
import { parseNote, type Note, type SaveStatus } from './types.ts';

export function toJsonl(notes: readonly Note[]): string {
  const sorted = [...notes].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  return sorted.map((n) => `${JSON.stringify(n)}\n`).join('');
}

export type ImportCounts = Record<SaveStatus, number>;

/**
 * Validates every line first (nothing is written if one is bad), then stores each note with the merge rules of
 * `save`; importing the same file again changes nothing.
 */
export async function importJsonl(memory: Memory, text: string): Promise<ImportCounts> {
  const notes: Note[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      notes.push(parseNote(JSON.parse(line)));
    } catch (err) {
      const why = err instanceof InvalidInputError ? err.message.replace(/^headroom: (memory: )?/, '') : 'not JSON';
      throw new InvalidInputError(`memory import: line ${i + 1}: ${why}`);
    }
  }
  const counts: ImportCounts = { created: 0, duplicate: 0, merged: 0 };
  for (const note of notes) counts[(await memory.put(note)).status]++;
  return counts;
}
