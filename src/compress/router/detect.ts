/** Picks the kind of a blob: the detector with the highest score wins; ties go to the earlier detector. */
import type { ContentKind, Detector, Hints } from '../types.ts';

export interface Detection {
  kind: ContentKind;
  score: number;
}

export function detectKind(text: string, hints: Hints, detectors: readonly Detector[]): Detection {
  let best: Detection = { kind: 'text', score: -1 };
  for (const d of detectors) {
    const score = d.detect(text, hints);
    if (score > best.score) best = { kind: d.kind, score };
  }
  return best;
}
