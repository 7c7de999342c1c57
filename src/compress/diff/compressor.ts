/** The diff compressor: every header and changed line kept, unchanged context trimmed, huge generated files summarised. */
import { formatCount, hasMarker, plural } from '../../ccr/marker.ts';
import { countTokens } from '../../tokens/count.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { NAME, type DiffOptions } from './options.ts';
import { type DiffFile, parseDiff } from './parse.ts';
import { renderDiff } from './trim.ts';

const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|deno\.lock|Cargo\.lock|Gemfile\.lock|poetry\.lock|uv\.lock|Pipfile\.lock|composer\.lock|go\.sum|flake\.lock|mix\.lock|pubspec\.lock|Podfile\.lock|packages\.lock\.json|gradle\.lockfile)$/;
const GENERATED =
  /\.min\.(?:js|css|mjs)$|\.map$|\.snap$|\.pb\.go$|_pb2\.pyi?$|\.generated\.\w+$|(?:^|\/)(?:dist|vendor|__generated__|generated|node_modules)\//;

// Below this size the fixed cost of the marker and notes can outweigh a small cut, so tokens are counted exactly;
// above it the character margin (minGain) is large enough to hold for tokens too, and counting would be slow.
const EXACT_CHECK_CHARS = 32_768;

function growsTokens(out: string, text: string): boolean {
  return text.length <= EXACT_CHECK_CHARS && countTokens(out) >= countTokens(text);
}

/** Why a file's diff is summarised instead of shown, or undefined when it is shown in full. */
function summaryReason(f: DiffFile, generatedFileChanges: number, maxFileChanges: number): string | undefined {
  const changes = f.added + f.removed;
  if (LOCKFILE.test(f.path) && changes > generatedFileChanges) return 'lockfile diff summarised';
  if (GENERATED.test(f.path) && changes > generatedFileChanges) return 'generated file diff summarised';
  if (changes > maxFileChanges) return 'very large diff summarised';
  return undefined;
}

export function createDiffCompressor({
  contextLines = 2,
  generatedFileChanges = 60,
  maxFileChanges = 3000,
  summaryChangedLines = 20,
  minGain = 0.05,
}: DiffOptions = {}): Compressor {
  return {
    name: NAME,
    supports: (input) => input.kind === 'diff',
    compress(input: CompressInput, ctx: CompressContext): CompressorOutput | null {
      const text = input.text;
      if (text.length < 200 || hasMarker(text)) return null;
      const trailer = text.endsWith('\n') ? '\n' : '';
      const lines = (trailer ? text.slice(0, -1) : text).split('\n');
      const parsed = parseDiff(lines);
      if (parsed.hunks === 0 || ctx.now() > ctx.deadline) return null;
      const summarise = new Map<number, string>();
      parsed.files.forEach((f, i) => {
        const why = summaryReason(f, generatedFileChanges, maxFileChanges);
        if (why !== undefined) summarise.set(i, why);
      });
      const rendered = renderDiff(parsed, contextLines, summarise, summaryChangedLines, () => ctx.now() > ctx.deadline);
      if (!rendered) return null;
      const { stats } = rendered;
      if (stats.cutContext === 0 && stats.summarisedFiles === 0) return null;
      const parts: string[] = [];
      if (stats.cutContext > 0) parts.push(`trimmed ${plural(stats.cutContext, 'unchanged context line')}`);
      if (stats.summarisedFiles > 0) {
        parts.push(
          `summarised ${plural(stats.summarisedFiles, 'file diff')} (${formatCount(stats.omittedChanges)} changed lines not shown)`,
        );
      }
      const out = `${rendered.text}\n${ctx.marker(parts.join('; '))}${trailer}`;
      if (out.length > text.length * (1 - minGain) || growsTokens(out, text)) return null;
      return { text: out, lossy: true };
    },
  };
}
