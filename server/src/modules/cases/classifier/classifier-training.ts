/**
 * Training and evaluation of the case classifier, shared by the service, the comparison in
 * docs/cases-classifier.md and bench/classifier.
 */
import { NaiveBayes } from './naive-bayes.js';
import { SoftmaxRegression } from './softmax-regression.js';
import { extractFeatures, type FeatureCounts, type FeatureSet } from './text-features.js';
import { softmax, type TextModel } from './text-model.js';

/** Samples between yields to the event loop, so training never holds a node's requests for long. */
const YIELD_EVERY = 256;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Which learner. */
export type ModelKind = 'naive-bayes' | 'logistic-regression';

/** A labelled text. */
export interface LabelledText {
  text: string;
  label: string;
}

/** A trained model with the features it reads and its calibration temperature. */
export interface TrainedClassifier {
  kind: ModelKind;
  features: FeatureSet;
  model: TextModel;
  temperature: number;
}

/** Held-out quality of a model. */
export interface Evaluation {
  samples: number;
  accuracy: number;
  top3Accuracy: number;
  /** Mean negative log-likelihood of the true class (lower = better calibrated). */
  logLoss: number;
  perClass: Array<{ label: string; precision: number; recall: number; support: number }>;
  /** matrix[i][j]: samples of labels[i] predicted as labels[j]. */
  confusion: { labels: string[]; matrix: number[][] };
}

/** Trains `kind` on `samples` with `features` (temperature 1 until calibrated). */
export async function trainClassifier(kind: ModelKind, features: FeatureSet, samples: LabelledText[]): Promise<TrainedClassifier> {
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const rows: Array<{ features: FeatureCounts; y: number }> = [];
  for (let i = 0; i < samples.length; i++) {
    rows.push({ features: extractFeatures(samples[i].text, features), y: index.get(samples[i].label)! });
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await tick();
  }
  const model = kind === 'naive-bayes' ? new NaiveBayes(labels, rows) : await SoftmaxRegression.train(labels, rows);
  return { kind, features, model, temperature: 1 };
}

/** Calibrated probabilities of every label for `text`, in the model's label order. */
export function probabilities(c: TrainedClassifier, text: string): Float64Array {
  return softmax(c.model.scores(extractFeatures(text, c.features)), c.temperature);
}

/**
 * The softmax temperature that minimises log-loss on `samples` (temperature scaling, Guo et al.
 * 2017): it changes confidence, never the ranking, so accuracy is unaffected.
 */
export async function calibrate(c: TrainedClassifier, samples: LabelledText[]): Promise<number> {
  if (samples.length === 0) return 1;
  const scored: Array<{ scores: Float64Array; y: number }> = [];
  for (let i = 0; i < samples.length; i++) {
    scored.push({ scores: c.model.scores(extractFeatures(samples[i].text, c.features)), y: c.model.labels.indexOf(samples[i].label) });
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await tick();
  }
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.05; t <= 50; t *= 1.15) {
    let loss = 0;
    for (const s of scored) loss -= Math.log(Math.max(s.y >= 0 ? softmax(s.scores, t)[s.y] : 1e-12, 1e-12));
    if (loss < bestLoss) [best, bestLoss] = [t, loss];
    await tick();
  }
  return best;
}

/** Accuracy, top-3, per-class precision/recall and the confusion matrix on `samples`. */
export async function evaluate(c: TrainedClassifier, samples: LabelledText[]): Promise<Evaluation> {
  const labels = c.model.labels;
  const k = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  let top3 = 0;
  let loss = 0;
  let counted = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await tick();
    const y = index.get(s.label);
    if (y === undefined) continue; // a label the model never saw cannot be scored per class
    counted++;
    const p = probabilities(c, s.text);
    const ranked = [...p.keys()].sort((a, b) => p[b] - p[a]);
    if (ranked[0] === y) correct++;
    if (ranked.slice(0, 3).includes(y)) top3++;
    loss -= Math.log(Math.max(p[y], 1e-12));
    matrix[y][ranked[0]]++;
  }
  const perClass = labels.map((label, i) => {
    const tp = matrix[i][i];
    const support = matrix[i].reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i], 0);
    return { label, precision: predicted ? tp / predicted : 0, recall: support ? tp / support : 0, support };
  });
  return {
    samples: counted,
    accuracy: counted ? correct / counted : 0,
    top3Accuracy: counted ? top3 / counted : 0,
    logLoss: counted ? loss / counted : 0,
    perClass,
    confusion: { labels, matrix },
  };
}
