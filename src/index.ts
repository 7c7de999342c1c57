/** headroom as a library: compress request bodies or single blobs of tool output; retrieve originals by id. */
export { compress, type CompressOptions, type CompressResult, type CompressStats, type BlockStats } from './compress-body.ts';
export { compressText, type CompressTextOptions, type CompressTextResult } from './compress/compress-text.ts';
export type { Decision, EngineOptions, Outcome } from './compress/pipeline.ts';
export type { Compressor, CompressContext, CompressInput, CompressorOutput, ContentKind, Detector, Hints } from './compress/types.ts';
export { createRegistry, type CompressorOptions, type Registry } from './compress/registry.ts';
export { setDefaultGrammarLoader, type GrammarLoader, type WasmSource, type CodeOptions } from './compress/code/index.ts';
export { createStore, type Store, type StoreOptions, DEFAULT_TTL_SECONDS, DEFAULT_MAX_BYTES } from './store/store.ts';
export { createMemoryStore } from './store/memory.ts';
export { hasMarker, markerIds } from './ccr/marker.ts';
export { countTokens } from './tokens/count.ts';
export { HeadroomError, InvalidInputError, NotFoundError, StoreError } from './errors.ts';
export type { ProviderName } from './providers/types.ts';
export { withHeadroom, headroomMiddleware, type HeadroomClient, type HeadroomOptions, type FetchLike } from './sdk/index.ts';
