/** Recognises unified diffs (git diff / show / log -p, diff -u) from the first lines plus the command hint. */
import type { Detector, Hints } from '../types.ts';

const SAMPLE_CHARS = 8192;
const SAMPLE_LINES = 120;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const COMMIT = /^commit [0-9a-f]{7,64}\b/;
const DIFF_COMMAND = /(?:^|&&\s*|;\s*)(?:git\s+(?:--no-pager\s+)?(?:diff|show|log|format-patch|stash\s+show)\b|diff\s+(?:-\S+\s+)*-\w*u|diff\s+-r)/;

function hinted(hints: Hints): boolean {
  return hints.command !== undefined && DIFF_COMMAND.test(hints.command.trim());
}

export const diffDetector: Detector = {
  kind: 'diff',
  detect(text: string, hints: Hints): number {
    const head = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
    const lines = head.split('\n', SAMPLE_LINES);
    let gitHeader = false;
    let filePair = false;
    let hunk = false;
    let commit = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith('diff --git ')) gitHeader = true;
      else if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) filePair = true;
      else if (line.startsWith('@@') && HUNK.test(line)) hunk = true;
      else if (i < 3 && COMMIT.test(line)) commit = true;
    }
    let score = 0;
    if (hunk && (gitHeader || filePair)) score = 0.95;
    else if (gitHeader) score = 0.9; // binary-only or mode-only changes have no hunks
    else if (hunk) score = 0.75;
    else if (filePair) score = 0.5;
    else if (commit) score = 0.4; // git log -p whose first message is longer than the sample
    if (hinted(hints)) score = score > 0 ? Math.min(1, score + 0.05) : 0.2;
    return score;
  },
};
