/**
 * The case classifier (category from complaint text). The cases module wires it:
 *
 * @example
 *   const classifier = createClassifier(ctx, () => repo.closedCaseSamples());
 *   await classifier.start();
 *   // routes: classifier.routes (registered under /api/v1); classify: classifier.service.classify(text)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { KernelContext } from '../../../kernel/module.js';
import { classifierRoutes } from './classifier.routes.js';
import { createClassifierService, type ClassifierService } from './classifier.service.js';
import type { LabelledText } from './classifier-training.js';

export type { ClassifierCandidate, ClassifierReport, ClassifierService } from './classifier.service.js';
export { generateSeedCorpus, type SeedSample, type RequestType } from './seed-corpus.js';

/** How often the lease holder retrains from the latest closed cases. */
export const RETRAIN_INTERVAL_MS = 6 * 3_600_000;

/** Delay between module start and the first training. */
export const FIRST_TRAINING_DELAY_MS = 5_000;

/** The classifier with its routes and lifecycle. */
export interface CaseClassifier {
  service: ClassifierService;
  routes: FastifyPluginAsyncTypebox;
  /** Schedules the first training (classify before then trains at once) and the retrain job. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `loadSamples` returns closed cases with their final category: operator corrections become
 * training data at the next retrain.
 */
export function createClassifier(ctx: KernelContext, loadSamples: () => Promise<Array<{ text: string; label: string }>>): CaseClassifier {
  const service = createClassifierService(loadSamples as () => Promise<LabelledText[]>, ctx.now);
  let timer: NodeJS.Timeout | null = null;
  return {
    service,
    routes: classifierRoutes(service),
    async start() {
      // One-shot CLI commands train only if they classify (classify() trains on first use).
      if (ctx.background === false) return;
      // First training a little after start: start-up stays fast, short-lived processes (tests,
      // restarts) skip it, and a classify() before then trains at once and shares the result.
      timer = setTimeout(() => {
        timer = null;
        service.retrain().catch((err: unknown) => ctx.logger.error({ err }, 'case classifier training failed'));
      }, FIRST_TRAINING_DELAY_MS);
      timer.unref();
      ctx.jobs.every({
        name: 'cases.classifier.retrain',
        intervalMs: RETRAIN_INTERVAL_MS,
        run: async () => {
          // The scheduler runs a job once at start; the first training is the timer's.
          if (!service.trained()) return;
          const r = await service.retrain();
          ctx.logger.info({ accuracy: r.heldOut.accuracy, samples: r.samples.train }, 'case classifier retrained');
        },
      });
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
