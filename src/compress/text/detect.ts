/** Prose is the fallback kind: anything no specific detector claims with confidence. */
import type { Detector } from '../types.ts';

export const TEXT_FALLBACK_SCORE = 0.2;

export const textDetector: Detector = {
  kind: 'text',
  detect: () => TEXT_FALLBACK_SCORE,
};
