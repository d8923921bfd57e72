/**
 * The case classifier as a service: trains at start on the seed corpus plus the platform's own
 * closed cases (so operator corrections teach it), retrains on demand and periodically, and
 * answers "which category is this text" with calibrated probabilities.
 */
import { DomainError } from '../../../kernel/errors.js';
import {
  calibrate,
  evaluate,
  probabilities,
  trainClassifier,
  type Evaluation,
  type LabelledText,
  type ModelKind,
  type TrainedClassifier,
} from './classifier-training.js';
import { generateSeedCorpus, type SeedSample } from './seed-corpus.js';
import type { FeatureSet } from './text-features.js';

/** The learner and features chosen by the measured comparison in docs/cases-classifier.md. */
export const CHOSEN_MODEL: { kind: ModelKind; features: FeatureSet } = { kind: 'logistic-regression', features: 'chars' };

/** Share of the learned (operator-labelled) samples kept out of training for the report. */
const LEARNED_HOLDOUT_SHARE = 0.2;

/** One candidate category. */
export interface ClassifierCandidate {
  label: string;
  /** Calibrated probability (0..1); candidates' scores sum to at most 1. */
  score: number;
}

/** What the settings page shows about the current model. */
export interface ClassifierReport {
  model: ModelKind;
  features: FeatureSet;
  trainedAt: string;
  trainMs: number;
  samples: { seed: number; learned: number; train: number; heldOut: number; labels: number };
  heldOut: Evaluation;
}

export interface ClassifierService {
  /** Best `k` categories for `text`, best first. Waits for the first training to finish. */
  classify(text: string, k?: number): Promise<ClassifierCandidate[]>;
  /** Retrains from the seed corpus and the current closed cases; resolves with the new report. */
  retrain(): Promise<ClassifierReport>;
  /** The report of the current model (trains first when there is none yet). */
  report(): Promise<ClassifierReport>;
  /** True once a model has been trained. */
  trained(): boolean;
}

/** Builds the service; nothing is trained until `retrain()` (called by the module's start). */
export function createClassifierService(loadSamples: () => Promise<LabelledText[]>, now: () => number = Date.now): ClassifierService {
  let current: { classifier: TrainedClassifier; report: ClassifierReport } | null = null;
  let training: Promise<ClassifierReport> | null = null;
  let seed: SeedSample[] | null = null;

  async function train(): Promise<ClassifierReport> {
    const started = performance.now();
    seed ??= generateSeedCorpus();
    const learned = (await loadSamples()).filter((s) => s.text && s.label);
    // Operator-labelled cases split deterministically by text, so a retrain keeps the same split.
    const learnedHeldOut = (s: LabelledText) => (hash(s.text) % 1000) / 1000 < LEARNED_HOLDOUT_SHARE;
    const trainSet: LabelledText[] = [...seed.filter((s) => !s.holdout), ...learned.filter((s) => !learnedHeldOut(s))];
    const testSet: LabelledText[] = [...seed.filter((s) => s.holdout), ...learned.filter(learnedHeldOut)];
    // Measure on the split, then ship a model trained on everything with the split's calibration.
    const measured = await trainClassifier(CHOSEN_MODEL.kind, CHOSEN_MODEL.features, trainSet);
    measured.temperature = await calibrate(measured, testSet);
    const heldOut = await evaluate(measured, testSet);
    const final = await trainClassifier(CHOSEN_MODEL.kind, CHOSEN_MODEL.features, [...trainSet, ...testSet]);
    final.temperature = measured.temperature;
    const report: ClassifierReport = {
      model: CHOSEN_MODEL.kind,
      features: CHOSEN_MODEL.features,
      trainedAt: new Date(now()).toISOString(),
      trainMs: Math.round(performance.now() - started),
      samples: {
        seed: seed.length,
        learned: learned.length,
        train: trainSet.length,
        heldOut: testSet.length,
        labels: final.model.labels.length,
      },
      heldOut,
    };
    current = { classifier: final, report };
    return report;
  }

  const retrain = (): Promise<ClassifierReport> => {
    // One training at a time; a request during training shares its result.
    training ??= train().finally(() => {
      training = null;
    });
    return training;
  };

  const ready = async () => {
    if (current) return current;
    await retrain();
    if (!current) throw new DomainError('unavailable', 'The case classifier is not trained yet');
    return current;
  };

  return {
    async classify(text, k = 3) {
      if (!text.trim())
        throw new DomainError('invalid', 'Text to classify is empty', [{ path: '/body/text', message: 'must not be empty' }]);
      const { classifier } = await ready();
      const p = probabilities(classifier, text);
      const labels = classifier.model.labels;
      return [...p.keys()]
        .sort((a, b) => p[b] - p[a] || labels[a].localeCompare(labels[b]))
        .slice(0, Math.max(1, k))
        .map((i) => ({ label: labels[i], score: p[i] }));
    },
    retrain,
    async report() {
      return (await ready()).report;
    },
    trained: () => current !== null,
  };
}

/** FNV-1a, for a stable split of learned samples. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
