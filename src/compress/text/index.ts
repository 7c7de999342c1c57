/** text: prose compressed by dropping low-information words within lines, layout and meaning words kept. */
export {
  NAME,
  type TextOptions,
  type TextScorerName,
  DEFAULT_DROP_RATE,
  createTextCompressor,
  createTextCompressor as default,
} from './compressor.ts';
export { textDetector, TEXT_FALLBACK_SCORE } from './detect.ts';
export { setDefaultModelLoader, getDefaultModelLoader, type ModelLoader, type WordScorer } from './scorers/types.ts';
export { createFrequencyScorer } from './scorers/frequency.ts';
export { createOnnxScorer } from './scorers/onnx.ts';
export { createClassifierScorer } from './scorers/classifier.ts';
