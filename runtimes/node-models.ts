/**
 * Node/Bun/Deno: the model loader reads files shipped in the package's models/ folder (next to dist/ and runtimes/,
 * hence `../models/` from either), e.g. "prose/model.onnx" for the prose compressor's ONNX scorer.
 */
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
