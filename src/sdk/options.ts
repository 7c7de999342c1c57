/** Options shared by the SDK wrappers, and the per-client state (block cache) that keeps multi-turn prefixes stable. */
import { createStorage } from 'unstorage';
import { compress, type CompressOptions, type CompressStats } from '../compress-body.ts';
import type { EngineOptions } from '../compress/pipeline.ts';
import type { ProviderName } from '../providers/types.ts';
import { createBlockCache, type BlockCache } from '../store/block-cache.ts';

export interface HeadroomOptions extends EngineOptions {
  /**
   * Where each tool output's first compressed form is remembered, so later turns resend the very same bytes and the
   * provider's prompt cache keeps hitting. Default: in memory, one per wrapped client.
   */
  blocks?: BlockCache;
  /** Called with the figures for every request body examined (after compression, before sending). */
  onCompress?: (stats: CompressStats) => void;
  /** Called when compression failed; the request is then sent unchanged (fail open). */
  onError?: (error: unknown) => void;
}

export interface Compressor {
  /** The body to send: compressed, or the same object when nothing changed or compression failed. */
  run<T>(body: T, provider: ProviderName): Promise<{ body: T; changed: boolean }>;
}

/** One compressor per wrapped client: its own block cache, so two clients never share prefix decisions. */
export function createCompressor(options: HeadroomOptions = {}): Compressor {
  const { blocks = createBlockCache(createStorage()), onCompress, onError, ...engine } = options;
  const base: CompressOptions = { countTokens: false, ...engine };
  return {
    async run(body, provider) {
      try {
        // One scope per provider: the cache is already per client, and the same output on two providers may differ.
        const r = await compress(body, { ...base, provider, cache: { blocks, scope: provider } });
        onCompress?.(r.stats);
        return { body: r.body, changed: r.changed };
      } catch (error) {
        onError?.(error);
        return { body, changed: false };
      }
    },
  };
}
