/** Multinomial naive Bayes over sparse counts: one pass to train, the baseline text classifier. */
import type { FeatureCounts } from './text-features.js';
import type { TextModel } from './text-model.js';

/**
 * Multinomial naive Bayes with Lidstone smoothing. Returns unnormalised log scores per class;
 * the caller calibrates them into probabilities.
 */
export class NaiveBayes implements TextModel {
  readonly #logPrior: Float64Array;
  readonly #logLik = new Map<string, Float64Array>();
  readonly #logUnseen: Float64Array;

  constructor(
    readonly labels: string[],
    samples: Array<{ features: FeatureCounts; y: number }>,
    alpha = 0.1,
  ) {
    const k = labels.length;
    const docs = new Float64Array(k);
    const totals = new Float64Array(k);
    const counts = new Map<string, Float64Array>();
    for (const s of samples) {
      docs[s.y]++;
      for (const [f, n] of s.features) {
        let row = counts.get(f);
        if (!row) counts.set(f, (row = new Float64Array(k)));
        row[s.y] += n;
        totals[s.y] += n;
      }
    }
    const v = counts.size;
    this.#logPrior = docs.map((d) => Math.log((d + 1) / (samples.length + k)));
    this.#logUnseen = totals.map((t) => Math.log(alpha / (t + alpha * v)));
    for (const [f, row] of counts) {
      this.#logLik.set(
        f,
        row.map((c, y) => Math.log((c + alpha) / (totals[y] + alpha * v))),
      );
    }
  }

  scores(features: FeatureCounts): Float64Array {
    const s = Float64Array.from(this.#logPrior);
    for (const [f, n] of features) {
      const row = this.#logLik.get(f);
      if (!row) continue; // a feature never seen in training says nothing about any class
      for (let y = 0; y < s.length; y++) s[y] += n * row[y];
    }
    return s;
  }
}
