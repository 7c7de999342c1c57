/** How the CLI reports failure: one line on stderr, non-zero exit. Never a stack trace for expected errors. */
import { HeadroomError } from '../errors.ts';

export class CliError extends HeadroomError {
  constructor(message: string, readonly exitCode = 1) {
    super('cli_error', `headroom: ${message}`, { status: 400 });
    this.name = 'CliError';
  }
}

export function reportAndExit(err: unknown): never {
  if (err instanceof HeadroomError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  }
  process.stderr.write(`headroom: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(70);
}

/** Runs a command body and turns any error into a one-line message and exit code. */
export async function guard(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    reportAndExit(err);
  }
}
