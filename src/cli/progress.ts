/**
 * A progress bar on stderr (cli-progress) for the long in-process runs of `perf` and `evals`. Drawn only when stderr
 * is a terminal, so piped output, `--json` and CI logs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  step(label: string): void;
  tick(): void;
  stop(): void;
}

export function createProgress(total: number, what: string): Progress {
  if (!process.stderr.isTTY || total === 0) return { step() {}, tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr, format: `${what} {bar} {value}/{total}  {label}`, hideCursor: true, clearOnComplete: true,
    barsize: 24,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { label: '' });
  return {
    step: (label) => bar.update({ label }),
    tick: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
