/** Reads the text a CLI command works on: a file or stdin, refusing binary and invalid UTF-8 with a clear reason. */
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.ts';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readInputText(file: string | undefined): Promise<string> {
  let bytes: Buffer;
  const name = !file || file === '-' ? 'stdin' : file;
  if (name === 'stdin') {
    if (process.stdin.isTTY) throw new CliError('no input: pass a FILE or pipe text on stdin');
    bytes = await readStdin();
  } else {
    try {
      bytes = await readFile(file!);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : code ?? 'read failed';
      throw new CliError(`cannot read ${file}: ${why}`);
    }
  }
  if (bytes.includes(0)) throw new CliError(`${name} looks binary (contains NUL bytes); headroom compresses text`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${name} is not valid UTF-8`);
  }
}
