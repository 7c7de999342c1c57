/**
 * Exact token counts with the o200k_base encoding (current OpenAI models). Claude's tokenizer is not public, so
 * any Claude figure derived from these counts is an estimate and must be labelled as one.
 */
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

export type TokenCounter = (text: string) => number;

export const countTokens: TokenCounter = (text) => (text.length === 0 ? 0 : countO200k(text));
