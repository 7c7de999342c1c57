/** `compressText`: the library entry for one blob of tool output. */
import { InvalidInputError } from '../errors.ts';
import { defaultMemoryStore } from '../store/memory.ts';
import type { EngineOptions } from './pipeline.ts';
import { CONTENT_KINDS, type ContentKind } from './types.ts';
import { route, type RouteResult } from './router/route.ts';

export interface CompressTextOptions extends EngineOptions {
  /** The user's question; rows, lines and matches relevant to it are kept. */
  query?: string;
  toolName?: string;
  path?: string;
  command?: string;
  /** Skip detection and treat the text as this kind. */
  kind?: ContentKind;
}

export type CompressTextResult = RouteResult;

export async function compressText(text: string, opts: CompressTextOptions = {}): Promise<CompressTextResult> {
  if (typeof text !== 'string') throw new InvalidInputError('compressText expects a string');
  if (opts.kind !== undefined && !CONTENT_KINDS.includes(opts.kind)) {
    throw new InvalidInputError(`unknown kind "${String(opts.kind)}" (expected one of ${CONTENT_KINDS.join(', ')})`);
  }
  const { query, toolName, path, command, ...engine } = opts;
  const hints = { toolName, path, command };
  return route(text, hints, query, { ...engine, store: engine.store ?? defaultMemoryStore() });
}
