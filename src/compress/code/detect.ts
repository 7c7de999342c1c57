/** Recognises source code (from the path or command hints, else by sniffing a prefix) and guesses its language. */
import type { Detector } from '../types.ts';
import { pathFromCommand } from './command.ts';
import { EXTENSION_LANGUAGE, languageOfPath, sniffCode } from './languages.ts';

const LANGUAGES: ReadonlySet<string> = new Set([...Object.values(EXTENSION_LANGUAGE), ...Object.keys(EXTENSION_LANGUAGE)]);

const SAMPLE = 8192;

export const codeDetector: Detector = {
  kind: 'code',
  detect(text, hints) {
    if (hints.language && LANGUAGES.has(hints.language.toLowerCase())) return 0.9;
    if (languageOfPath(hints.path)) return 0.9;
    // `cat src/app.py`, `sed -n '1,80p' main.go`: the command names the file it prints.
    if (languageOfPath(pathFromCommand(hints.command))) return 0.9;
    return sniffCode(text.slice(0, SAMPLE))[0];
  },
};

/** Language of a blob: from its path (or the file a printing command names), else from its first lines. */
export function guessLanguage(text: string, path?: string, command?: string): string | undefined {
  return languageOfPath(path) ?? languageOfPath(pathFromCommand(command)) ?? sniffCode(text.slice(0, SAMPLE))[1];
}
