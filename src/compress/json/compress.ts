/** The JSON compressor: lossless re-encoding first (minify, tables), then row selection and blob shortening. */
import { formatCount, hasMarker, plural } from '../../ccr/marker.ts';
import { countTokens } from '../../tokens/count.ts';
import type { CompressContext, CompressInput, Compressor, CompressorOutput } from '../types.ts';
import { type JsonNode, parseJson } from './parse.ts';
import { isDictOfRecords, Renderer, Timeout } from './render.ts';

export interface JsonOptions {
  /** Rows kept per array when an array is longer than this (first/last, errors, outliers, query matches, spacing). */
  maxRows?: number;
  /** False = lossless only: minify and tables, never drop rows or shorten strings. */
  lossy?: boolean;
  /** A table replaces JSON only when it saves at least this share of the tokens. */
  minTableSaving?: number;
  /** Strings without spaces longer than this are opaque blobs and keep only a prefix and their length. */
  maxStringChars?: number;
  /**
   * Prose longer than this (issue bodies, comments) in rows the question is not about keeps only its opening; rows
   * that match the question or look like errors keep it whole.
   */
  maxProseChars?: number;
}

// Exact token counts above this size would cost more time than the compression budget allows; there the length
// comparison stands in (minifying and dropping rows shrink tokens at least as much as characters in practice).
const EXACT_CHECK_CHARS = 64 * 1024;

export function compressJson(text: string, ctx: CompressContext, options: Required<JsonOptions>): CompressorOutput | null {
  if (hasMarker(text)) return null;
  const parsed = parseJson(text);
  if (!parsed) return null;
  const r = new Renderer({
    maxRows: options.maxRows,
    lossy: options.lossy,
    minTableSaving: options.minTableSaving,
    maxStringChars: options.maxStringChars,
    maxProseChars: options.maxProseChars,
    query: ctx.query,
    timeUp: () => ctx.now() > ctx.deadline,
  });
  let body: string;
  try {
    body = renderDocs(r, parsed.docs, parsed.ndjson);
  } catch (e) {
    if (e instanceof Timeout) return null;
    throw e;
  }
  const lossy = r.arraysCut > 0 || r.stringsCut > 0 || r.proseCut > 0 || r.fieldsDropped > 0;
  let out = body;
  if (lossy) {
    const what: string[] = [];
    if (r.arraysCut > 0) {
      const arrays = r.arraysCut > 1 ? ` in ${formatCount(r.arraysCut)} arrays` : '';
      what.push(`kept ${formatCount(r.keptRows)} of ${formatCount(r.totalRows)} rows${arrays}`);
    }
    if (r.stringsCut > 0) what.push(`shortened ${formatCount(r.stringsCut)} long ${r.stringsCut === 1 ? 'string' : 'strings'}`);
    if (r.proseCut > 0) what.push(`cut ${plural(r.proseCut, 'long text')} of rows off-question to their opening`);
    if (r.fieldsDropped > 0) what.push(`left out ${plural(r.fieldsDropped, 'field')} that follow a stated pattern in every row`);
    out = `${body}\n${ctx.marker(what.join('; '))}`;
  }
  if (out.length >= text.length) return null;
  if (text.length <= EXACT_CHECK_CHARS && countTokens(out) >= countTokens(text)) return null;
  return { text: out, lossy };
}

function renderDocs(r: Renderer, docs: JsonNode[], ndjson: boolean): string {
  const root = docs[0]!;
  const items = ndjson ? docs : typeof root !== 'string' && root.type === 'array' ? root.items : undefined;
  const dict = !ndjson && typeof root !== 'string' && root.type === 'object' && isDictOfRecords(root) ? root : undefined;
  if (dict) {
    const section = r.section(dict.values, '', false, dict.keys);
    if (section !== undefined) return r.sections.length === 0 ? section : `${section}\n${r.sections.join('\n')}`;
  }
  if (items) {
    const section = r.section(items, '', ndjson);
    if (section !== undefined) return section;
    if (ndjson) return docs.map((d, i) => r.value(d, `[${i}]`)).join('\n');
  }
  const envelope = r.value(root, '');
  return r.sections.length === 0 ? envelope : `${envelope}\n${r.sections.join('\n')}`;
}

export function createJsonCompressor({
  maxRows = 20,
  lossy = true,
  minTableSaving = 0.15,
  maxStringChars = 500,
  maxProseChars = 300,
}: JsonOptions = {}): Compressor {
  const options = { maxRows, lossy, minTableSaving, maxStringChars, maxProseChars };
  return {
    name: 'json',
    supports: (input: CompressInput) => input.kind === 'json',
    compress: (input: CompressInput, ctx: CompressContext) => compressJson(input.text, ctx, options),
  };
}
