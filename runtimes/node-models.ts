/**
 * Node/Bun/Deno: the model loader reads files shipped in the package's models/ folder (next to dist/ and runtimes/,
 * hence `../models/` from either), e.g. "prose/model.onnx" for the prose compressor's ONNX scorer.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { getDefaultModelLoader, setDefaultModelLoader, type ModelLoader } from '../src/compress/text/index.ts';

export const MODELS_DIR = new URL('../models/', import.meta.url);

/** Only "<folder>/<file>" names: the loader must never become a way to read other files. */
const FILE = /^[\w-]+\/[\w.-]+$/;

export function createNodeModelLoader(dir: URL = MODELS_DIR): ModelLoader {
  return async (file) => {
    if (!FILE.test(file) || file.includes('..')) throw new TypeError(`text: not a model file name: ${file}`);
    const buf = await readFile(new URL(file, dir));
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  };
}

/** Installs the Node loader as the default, unless a runtime already installed one. Idempotent. */
export function installNodeModelLoader(dir?: URL): void {
  if (!getDefaultModelLoader()) setDefaultModelLoader(createNodeModelLoader(dir));
}

/**
 * Why `--text-scorer NAME` cannot work here, or undefined when it can: 'frequency', 'onnx' (the shipped prose model)
 * or a classifier folder under models/ with model.onnx and tokenizer.json. Without this check an unknown name
 * quietly compressed no prose at all.
 */
export function textScorerProblem(name: string, dir: URL = MODELS_DIR): string | undefined {
  if (name === 'frequency') return undefined;
  const folder = name === 'onnx' ? 'prose' : name;
  const files = ['model.onnx', 'tokenizer.json'];
  const missing = /^[\w-]+$/.test(folder) ? files.filter((f) => !existsSync(new URL(`${folder}/${f}`, dir))) : files;
  if (missing.length === 0) return undefined;
  return `--text-scorer must be frequency, onnx, or a folder under models/ with model.onnx and tokenizer.json; "${name}" has no ${missing.map((f) => `${folder}/${f}`).join(', ')}`;
}
