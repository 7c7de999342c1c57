/**
 * Exact token counts with the o200k_base encoding (current OpenAI models). Claude's tokenizer is not public, so
 * any Claude figure derived from these counts is an estimate and must be labelled as one.
 */
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

export type TokenCounter = (text: string) => number;

/**
 * Past this length a record keeps its chars/4 estimate instead of an exact count: ~1M tokens is beyond any model's
 * context, and tokenizing it would cost ~1.5 s of CPU.
 */
export const COUNT_MAX_CHARS = 4 * 1024 * 1024;

/**
 * Special-token strings such as `<|endoftext|>` are counted as the plain text they are: providers encode them that
 * way in message content, and gpt-tokenizer's default (throw on any special token) made compressing a tool output
 * that merely mentions one fail. With nothing disallowed the tokenizer also skips its special-token scan.
 */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** One uncached count (for callers that slice texts themselves and must not fill the memo with slices). */
export const countTokensOnce: TokenCounter = (text) => (text.length === 0 ? 0 : countO200k(text, AS_PLAIN_TEXT));

/**
 * The proxy counts the same texts twice: the pipeline's gain decision counts a block and its output on the request
 * path, and the record counts them again after the response. Tokenizing is the proxy's largest CPU cost under load,
 * so recent counts are remembered. Only mid-sized texts: short ones are cheap to count, and long ones are never
 * counted on the request path (see EXACT_DECISION_CHARS) and would pin megabytes in this cache.
 */
const MEMO_MIN_CHARS = 2 * 1024;
const MEMO_MAX_CHARS = 64 * 1024;
const MEMO_ENTRIES = 128;
const memo = new Map<string, number>();

export const countTokens: TokenCounter = (text) => {
  if (text.length < MEMO_MIN_CHARS || text.length > MEMO_MAX_CHARS) return countTokensOnce(text);
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  const n = countTokensOnce(text);
  memo.set(text, n);
  if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
  return n;
};
