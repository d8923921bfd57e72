/** What the classifier service needs from a trained model. */
import type { FeatureCounts } from './text-features.js';

/** A trained model: raw scores per class (higher = more likely), calibrated by the caller. */
export interface TextModel {
  readonly labels: string[];
  scores(features: FeatureCounts): Float64Array;
}

/** Softmax of `scores / temperature`: calibrated probabilities that sum to 1. */
export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += out[i] = Math.exp((scores[i] - max) / temperature);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}
