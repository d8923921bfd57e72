/**
 * Multinomial logistic regression (softmax) trained by stochastic gradient descent over sparse
 * features. Training yields to the event loop every few hundred samples so a retrain never stalls
 * the requests of the node doing it.
 */
import { mulberry32 } from '../../../demo/seeded-random.js';
import type { FeatureCounts } from './text-features.js';
import { softmax, type TextModel } from './text-model.js';

export interface SoftmaxOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per sample step. */
  l2?: number;
  seed?: number;
  /** A feature must occur in this many training samples to get weights (default 2). */
  minCount?: number;
}

/** Samples between yields to the event loop (≈ a few milliseconds of work each). */
const YIELD_EVERY = 256;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sparse input: feature indexes and their values (log tf, L2-normalised). */
interface Row {
  idx: Int32Array;
  val: Float64Array;
}

/** A trained softmax-regression model. Build one with `SoftmaxRegression.train`. */
export class SoftmaxRegression implements TextModel {
  private constructor(
    readonly labels: string[],
    private readonly vocab: Map<string, number>,
    /** Feature-major: weights of feature f for class y at f * k + y (single precision halves memory, not accuracy). */
    private readonly w: Float32Array,
    private readonly bias: Float64Array,
  ) {}

  static async train(
    labels: string[],
    samples: Array<{ features: FeatureCounts; y: number }>,
    opts: SoftmaxOptions = {},
  ): Promise<SoftmaxRegression> {
    const k = labels.length;
    const vocab = new Map<string, number>();
    const minCount = opts.minCount ?? 2;
    const seen = new Map<string, number>();
    for (const s of samples) for (const f of s.features.keys()) seen.set(f, (seen.get(f) ?? 0) + 1);
    for (const [f, c] of seen) if (c >= minCount) vocab.set(f, vocab.size);
    const rows = samples.map((s) => toRow(s.features, vocab));
    const w = new Float64Array(vocab.size * k);
    const bias = new Float64Array(k);
    const epochs = opts.epochs ?? 6;
    const lr0 = opts.learningRate ?? 4; // measured on the seed corpus: 6 epochs at 4 beat 15 at 0.8 (docs/cases-classifier.md)
    const l2 = opts.l2 ?? 1e-6;
    const rnd = mulberry32(opts.seed ?? 7);
    const order = samples.map((_, i) => i);
    let scale = 1; // lazy L2: true weights are scale * w
    let step = 0;
    const z = new Float64Array(k);
    for (let e = 0; e < epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let n = 0; n < order.length; n++) {
        const r = rows[order[n]];
        const y = samples[order[n]].y;
        const lr = lr0 / (1 + step++ / order.length);
        for (let c = 0; c < k; c++) z[c] = bias[c];
        for (let t = 0; t < r.idx.length; t++) {
          const base = r.idx[t] * k;
          const v = r.val[t] * scale;
          for (let c = 0; c < k; c++) z[c] += v * w[base + c];
        }
        const p = softmax(z);
        p[y] -= 1; // gradient of the cross-entropy wrt the logits
        scale *= 1 - lr * l2;
        for (let t = 0; t < r.idx.length; t++) {
          const base = r.idx[t] * k;
          const g = (lr * r.val[t]) / scale;
          for (let c = 0; c < k; c++) w[base + c] -= g * p[c];
        }
        for (let c = 0; c < k; c++) bias[c] -= lr * p[c];
        if (n % YIELD_EVERY === YIELD_EVERY - 1) await tick();
      }
    }
    const final = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) final[i] = w[i] * scale;
    return new SoftmaxRegression(labels, vocab, final, bias);
  }

  scores(features: FeatureCounts): Float64Array {
    const k = this.labels.length;
    const z = Float64Array.from(this.bias);
    const r = toRow(features, this.vocab);
    for (let t = 0; t < r.idx.length; t++) {
      const base = r.idx[t] * k;
      for (let c = 0; c < k; c++) z[c] += r.val[t] * this.w[base + c];
    }
    return z;
  }
}

function toRow(features: FeatureCounts, vocab: Map<string, number>): Row {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [f, n] of features) {
    const i = vocab.get(f);
    if (i === undefined) continue;
    const v = 1 + Math.log(n); // sublinear tf: a repeated word is more evidence, not proportionally more
    idx.push(i);
    val.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v / norm) };
}
