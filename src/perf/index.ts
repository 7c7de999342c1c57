/** The benchmark corpus and runner shared by `headroom perf`, `headroom evals` and `npm run bench`. */
export { perfCorpus, fileWorkload, selectWorkloads, proseRegistered, type PerfGroup, type PerfWorkload, type CorpusOptions } from './corpus.ts';
export { runPerf, summarize, type PerfRow, type PerfSummary, type RunPerfOptions } from './run.ts';
export { parseManifest, fixtureWorkload, REAL_TARGET_PCT, type Fixture } from './fixtures.ts';
export { runAnchorCase, HEADROOM_RECALL, type GoldenCase, type AnchorResult } from './anchors.ts';
export { factKept } from './gold.ts';
export { workloadRequest, receivedOutputs, scoreReceived, WorkerEvalError } from './worker-eval.ts';
export { FLOORS, floorKey, floorMisses, describeMiss, type Floors, type FloorMiss } from './floors.ts';
