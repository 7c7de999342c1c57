/** Shared knobs of the reliability suites: fixed seeds and bounded sizes, so every run is the same run. */

/** fast-check seed for every generated case (change it to explore; failures print the seed and path to replay). */
export const SEED = Number(process.env.HEADROOM_FUZZ_SEED ?? 0x5eed_0009);

/** Generated bodies per provider shape. */
export const RUNS = {
  library: Number(process.env.HEADROOM_FUZZ_RUNS ?? 10_000),
  proxyInProcess: Number(process.env.HEADROOM_FUZZ_RUNS ?? 10_000),
  proxyPort: Number(process.env.HEADROOM_FUZZ_PORT_RUNS ?? 1_000),
  compressor: Number(process.env.HEADROOM_FUZZ_COMPRESSOR_RUNS ?? 150),
} as const;

/** A single request or compression taking longer than this counts as a hang (the bound). */
export const HANG_MS = 5_000;

export function tally<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Rejects with a clear message when `work` takes longer than `ms`. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
