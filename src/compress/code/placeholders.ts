/**
 * Language-correct stand-ins for elided code. Each states the line range it replaces (1-based, inclusive, in the
 * file's own numbering) and is valid where it stands, so the outline still parses: Python `...  # lines 3-9 elided`,
 * C-like braces holding a `lines 3-9 elided` block comment, Ruby `# lines 3-9 elided`, Bash `{ :; }  # lines 3-9 elided`.
 */
import type { PlaceholderStyle } from './rules.ts';

export function lineRange(first: number, last: number): string {
  return first === last ? `line ${first} elided` : `lines ${first}-${last} elided`;
}

/**
 * Replaces a whole function body node. `restOfLineEmpty` says whether anything follows the body on its last line
 * (a Bash redirect after `}` would otherwise be commented out).
 */
export function bodyPlaceholder(style: PlaceholderStyle, first: number, last: number, restOfLineEmpty: boolean): string {
  const note = lineRange(first, last);
  switch (style) {
    case 'python': return `...  # ${note}`;
    case 'ruby': return `# ${note}`;
    // `{ }` is a syntax error in Bash; `:` is the no-op builtin.
    case 'bash': return restOfLineEmpty ? `{ :; }  # ${note}` : `{ : '${note}'; }`;
    case 'c': return `{ /* ${note} */ }`;
  }
}

/** Empties a long bracketed literal, keeping its brackets so the surrounding statement stays intact. */
export function literalPlaceholder(
  style: PlaceholderStyle, open: string, close: string, first: number, last: number, closeIndent: string,
): string {
  const note = lineRange(first, last);
  // `#` comments run to the end of the line, so the closing bracket goes on its own line.
  if (style === 'python' || style === 'ruby') return `${open}  # ${note}\n${closeIndent}${close}`;
  return `${open} /* ${note} */ ${close}`;
}
