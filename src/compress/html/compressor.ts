/**
 * The html compressor: a fetched web page becomes its main content as compact markdown. Lossy by nature (markup,
 * scripts, navigation dropped), so the output ends with a marker; the whole page stays retrievable by id.
 * Declines (null) when the input is not HTML, when extraction finds almost no text (a JavaScript app shell: the
 * agent is better served by the raw page than by an empty one) or when nothing is gained.
 */
import { formatCount } from '../../ccr/marker.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { countTokens } from '../../tokens/count.ts';
import { mainRoot } from './boilerplate.ts';
import { splitHttpHead } from './http-head.ts';
import { parsePage } from './parse.ts';
import { renderMain } from './render.ts';

export const NAME = 'html';

export interface HtmlOptions {
  /** Keep hrefs of content links as markdown links (each distinct href once). */
  links?: boolean;
  /** Hrefs longer than this are dropped (their link text kept): tracking URLs cost many tokens and say little. */
  maxHrefLength?: number;
  /** Below this many characters of extracted text the page is treated as an empty shell and left unchanged. */
  minTextChars?: number;
}

const LOOKS_LIKE_HTML = /<(?:!doctype|html|head|body|div|p|span|a|table|ul|main|article|section|title|meta)\b/i;

function sizeLabel(chars: number): string {
  return chars < 1024 ? `${formatCount(chars)} bytes` : `${formatCount(Math.round(chars / 1024))} KB`;
}

export function createHtmlCompressor({
  links = true,
  maxHrefLength = 160,
  minTextChars = 80,
}: HtmlOptions = {}): Compressor {
  return {
    name: NAME,
    compress(input: CompressInput, ctx: CompressContext): CompressorOutput | null {
      const { head, html } = splitHttpHead(input.text);
      if (!LOOKS_LIKE_HTML.test(html.slice(0, 4096))) return null;
      const page = parsePage(html, ctx.deadline, ctx.now);
      if (!page) return null;
      const rendered = renderMain(mainRoot(page), { links, maxHrefLength, deadline: ctx.deadline, now: ctx.now });
      if (!rendered || rendered.textChars < minTextChars) return null;
      const lines = rendered.lines;
      const out: string[] = head.slice();
      // The <title> often repeats the first heading; say it once.
      if (page.title !== '' && !lines.some((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, '') === page.title)) {
        out.push(`Title: ${page.title}`);
      }
      // Lines before the content (HTTP status, title), then a blank line.
      const lead = out.length > 0 ? `${out.join('\n')}\n\n` : '';
      const size = sizeLabel(input.text.length);
      const marker = ctx.marker(`extracted main text from ${size} of HTML; markup, scripts, navigation dropped`);
      const text = `${lead}${lines.join('\n')}\n\n${marker}`;
      if (text.length >= input.text.length) return null;
      // Dropping a fifth of the characters (all of it markup) always drops tokens; only a close call pays for an
      // exact count, which on a 1 MB page costs more than the extraction.
      if (text.length > input.text.length * 0.8 && countTokens(text) >= countTokens(input.text)) return null;
      return { text, lossy: true };
    },
  };
}
