/** Recognises grep / rg / ag output and path lists from a sample of the first lines plus the tool hints. */
import type { Detector, Hints } from '../types.ts';
import { matchPathEnd, numberEnd } from './parse.ts';
import { looksLikePath } from './paths.ts';

const SAMPLE_CHARS = 8192;
const SAMPLE_LINES = 60;
const SEARCH_TOOLS = /^(?:grep|glob|search|ripgrep|rg|find|search_files|grep_search|file_search|codebase_search|list_files)$/i;
const SEARCH_COMMAND = /(?:^|&&\s*|;\s*|\|\s*)(?:grep|egrep|fgrep|rg|ag|ack|git\s+grep|find|fd)\b/;
// Compiler and linter diagnostics share the `path:12:` shape but are logs: `a.c:12:5: error: …`.
const DIAGNOSTIC = /^(?:\d+:)?\s*(?:fatal error|error|warning|note)\b|^\d+ - (?:error|warning)\b/i;

export function plausiblePath(path: string): boolean {
  if (path.length === 0 || path.length > 400) return false;
  const c = path.charCodeAt(0);
  if (c === 32 || c === 9 || c === 91 /* [ */) return false;
  return path.includes('/') || path.includes('\\') || /\.[A-Za-z0-9]{1,8}$/.test(path);
}

function hintScore(hints: Hints): number {
  if (hints.toolName && SEARCH_TOOLS.test(hints.toolName.trim())) return 1;
  if (hints.command && SEARCH_COMMAND.test(hints.command.trim())) return 1;
  return 0;
}

function sampleLines(text: string): string[] {
  const head = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const lines = head.split('\n', SAMPLE_LINES + 1);
  // The last line of a cut sample is probably partial.
  if (text.length > SAMPLE_CHARS && lines.length > 1) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l !== '');
}

function numberedFraction(lines: readonly string[]): number {
  const paths = new Set<string>();
  let good = 0;
  let diagnostics = 0;
  let matches = 0;
  for (const line of lines) {
    const pe = matchPathEnd(line);
    if (pe > 0 && plausiblePath(line.slice(0, pe))) {
      paths.add(line.slice(0, pe));
      const content = line.slice(numberEnd(line, pe + 1, 58));
      if (DIAGNOSTIC.test(content)) diagnostics++;
      matches++;
      good++;
    }
  }
  if (matches === 0 || diagnostics * 3 >= matches) return 0;
  for (const line of lines) {
    if (line === '--') good++;
    else if (matchPathEnd(line) <= 0) {
      for (const p of paths) {
        if (line.startsWith(p) && line.charCodeAt(p.length) === 45 && numberEnd(line, p.length + 1, 45) > 0) {
          good++;
          break;
        }
      }
    }
  }
  return good / lines.length;
}

function headingFraction(lines: readonly string[]): number {
  let good = 0;
  let headings = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '--' || numberEnd(line, 0, 58) > 0 || numberEnd(line, 0, 45) > 0) good++;
    else if (plausiblePath(line) && i + 1 < lines.length && numberEnd(lines[i + 1]!, 0, 58) > 0) {
      good++;
      headings++;
    }
  }
  // Timestamps (`2025-03-01 …`) look like `2025-` context lines: without a path heading it is not rg --heading.
  return headings > 0 ? good / lines.length : 0;
}

function pathListFraction(lines: readonly string[]): number {
  let good = 0;
  for (const line of lines) if (looksLikePath(line)) good++;
  return lines.length >= 3 ? good / lines.length : 0;
}

export const searchDetector: Detector = {
  kind: 'search',
  detect(text: string, hints: Hints): number {
    const hint = hintScore(hints);
    const lines = sampleLines(text);
    if (lines.length === 0) return 0;
    const numbered = Math.max(numberedFraction(lines), headingFraction(lines));
    let score = 0;
    if (numbered >= 0.8) score = 0.85;
    else if (numbered >= 0.5) score = 0.6;
    else if (numbered >= 0.3) score = 0.3;
    if (score < 0.5) {
      const list = pathListFraction(lines);
      if (list >= 0.9) score = Math.max(score, hint > 0 ? 0.8 : 0.45);
    }
    if (hint > 0) score = score > 0 ? Math.min(1, score + 0.1) : 0.2;
    return score;
  },
};
