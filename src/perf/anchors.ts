/**
 * Python Headroom's "fidelity golden" cases (read from ../shared/anchors at run time, never copied into the repo):
 * each case's JSON array is compressed as kind json with the JSON compressor's row cap set to Headroom's own cap for
 * that case; a fact is kept when it appears verbatim in the output. Parsing and reading the file is the caller's job.
 */
import { compressText } from '../compress/compress-text.ts';
import { createRegistry } from '../compress/registry.ts';
import { countTokens } from '../tokens/count.ts';

export interface GoldenCase {
  id: string;
  question: string;
  compress: { max_items_after_crush: number };
  answer_evidence: string[];
  supporting_facts: string[];
  content: unknown[];
}

export interface AnchorResult {
  id: string;
  facts: number;
  found: number;
  lost: string[];
  cap: number;
  rows: number;
  kept: number;
  tokensBefore: number;
  tokensAfter: number;
  ms: number;
  decision: string;
}

/** Headroom's own recall on the same cases, for comparison. */
export const HEADROOM_RECALL = 0.9167;

/** Rows kept, from the JSON compressor's closing marker ("kept 8 of 30 rows"); all rows when nothing was dropped. */
function rowsKept(text: string, total: number): number {
  const m = /kept ([\d,]+) of ([\d,]+) rows/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : total;
}

export async function runAnchorCase(c: GoldenCase): Promise<AnchorResult> {
  const cap = c.compress.max_items_after_crush;
  const text = JSON.stringify(c.content);
  const t0 = performance.now();
  const res = await compressText(text, { kind: 'json', query: c.question, registry: createRegistry({ json: { maxRows: cap } }), minTokens: 0 });
  const ms = performance.now() - t0;
  const facts = [...c.answer_evidence, ...c.supporting_facts];
  const lost = facts.filter((f) => !res.text.includes(f));
  return { id: c.id, facts: facts.length, found: facts.length - lost.length, lost, cap, rows: c.content.length,
    kept: rowsKept(res.text, c.content.length), tokensBefore: countTokens(text), tokensAfter: countTokens(res.text), ms,
    decision: res.decisions.map((d) => `${d.compressor ?? '-'}:${d.outcome}`).join(', ') };
}
