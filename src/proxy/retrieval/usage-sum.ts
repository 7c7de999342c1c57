/** Usage of several upstream rounds reported as one answer: numbers summed field by field, nested objects too. */
import { isObject, type JsonObject } from '../../providers/types.ts';

export function sumUsage(list: readonly unknown[]): JsonObject {
  const out: JsonObject = {};
  for (const u of list) {
    if (!isObject(u)) continue;
    for (const [k, v] of Object.entries(u)) {
      const prev = out[k];
      if (typeof v === 'number' && (typeof prev === 'number' || prev === undefined || prev === null)) out[k] = (typeof prev === 'number' ? prev : 0) + v;
      else if (isObject(v)) out[k] = sumUsage([isObject(prev) ? prev : {}, v]);
      else if (v !== null || prev === undefined) out[k] = v;
    }
  }
  return out;
}
