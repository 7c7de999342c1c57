/**
 * When to outline. An agent that reads a file in order to edit it needs the exact text, so by default only code
 * that arrives by shell output (`cat`, `sed -n`), search/fetch/MCP tools, or a large Read result is outlined; never a
 * small file, a file the user's latest message names, or a file with a pending Edit/Write.
 */
import type { Hints } from '../types.ts';

export type Route = 'read' | 'shell' | 'search' | 'other';

export interface PolicyOptions {
  /** Outline every code read above `aggressiveMinTokens`, whatever tool produced it. */
  aggressive: boolean;
  /** Floor for dedicated Read-tool results (the agent may be about to edit them). */
  readMinTokens: number;
  /** Floor for code from shell output, search/fetch/MCP tools and unknown sources. */
  shellMinTokens: number;
  /** Floor in the aggressive profile. */
  aggressiveMinTokens: number;
}

const READ_TOOLS = /^(?:read|read_?file|view|view_?file|open_?file|file_?read|notebook_?read|str_replace_(?:based_edit_tool|editor))$/i;
const SEARCH_TOOLS = /grep|search|glob|find|fetch|web|mcp|rag|retriev|lookup|context|docs|browse|__/i;

/** Which way the code reached the conversation. */
export function routeOf(hints: Hints, printed: boolean): Route {
  const tool = hints.toolName ?? '';
  if (READ_TOOLS.test(tool)) return 'read';
  if (printed) return 'shell';
  if (tool && SEARCH_TOOLS.test(tool)) return 'search';
  if (/bash|shell|exec|terminal|command|run/i.test(tool)) return 'shell';
  return 'other';
}

/** Cheap and deterministic: the same estimate on every runtime, no tokenizer on the request path. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function sizeFloor(route: Route, o: PolicyOptions): number {
  if (o.aggressive) return o.aggressiveMinTokens;
  return route === 'read' ? o.readMinTokens : o.shellMinTokens;
}

/** True when the user's latest text names the file (its path or its base name), so they care about its exact text. */
export function mentioned(path: string | undefined, queryText: string): boolean {
  if (!path || queryText === '') return false;
  if (queryText.includes(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.length >= 3 && queryText.includes(base);
}
