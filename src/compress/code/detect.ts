/** Recognises source code so no other compressor mangles it. The tree-sitter outliner is a separate component. */
import type { Detector } from '../types.ts';
import { EXTENSION_LANGUAGE, languageOfPath, sniffCode } from './languages.ts';

const LANGUAGES: ReadonlySet<string> = new Set([...Object.values(EXTENSION_LANGUAGE), ...Object.keys(EXTENSION_LANGUAGE)]);

const SAMPLE = 8192;

export const codeDetector: Detector = {
  kind: 'code',
  detect(text, hints) {
    if (hints.language && LANGUAGES.has(hints.language.toLowerCase())) return 0.9;
    if (languageOfPath(hints.path)) return 0.9;
    return sniffCode(text.slice(0, SAMPLE))[0];
  },
};

export function guessLanguage(text: string, path?: string): string | undefined {
  return languageOfPath(path) ?? sniffCode(text.slice(0, SAMPLE))[1];
}
