/** `POST /cases/classify`, `GET /cases/classifier/report`, `POST /cases/classifier/retrain`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ClassifierReport, ClassifierService } from './classifier.service.js';

const Ratio = Type.Number({ minimum: 0, maximum: 1 });

const Report = Type.Object({
  model: Type.String({ description: 'naive-bayes | logistic-regression' }),
  features: Type.String({ description: 'chars (1–3-grams) | words (jieba) | both' }),
  trainedAt: Type.String({ format: 'date-time' }),
  trainMs: Type.Integer(),
  samples: Type.Object({
    seed: Type.Integer(),
    learned: Type.Integer(),
    train: Type.Integer(),
    heldOut: Type.Integer(),
    labels: Type.Integer(),
  }),
  heldOut: Type.Object({
    samples: Type.Integer(),
    accuracy: Ratio,
    top3Accuracy: Ratio,
    logLoss: Type.Number(),
    perClass: Type.Array(Type.Object({ categoryCode: Type.String(), precision: Ratio, recall: Ratio, support: Type.Integer() })),
    confusion: Type.Object({
      categoryCodes: Type.Array(Type.String()),
      matrix: Type.Array(Type.Array(Type.Integer()), {
        description: 'matrix[i][j]: held-out cases of categoryCodes[i] classified as categoryCodes[j]',
      }),
    }),
  }),
});

function reportBody(r: ClassifierReport) {
  return {
    ...r,
    heldOut: {
      samples: r.heldOut.samples,
      accuracy: r.heldOut.accuracy,
      top3Accuracy: r.heldOut.top3Accuracy,
      logLoss: r.heldOut.logLoss,
      perClass: r.heldOut.perClass.map((c) => ({ categoryCode: c.label, precision: c.precision, recall: c.recall, support: c.support })),
      confusion: { categoryCodes: r.heldOut.confusion.labels, matrix: r.heldOut.confusion.matrix },
    },
  };
}

/** The classifier's routes, registered under /api/v1 by the cases module. */
export function classifierRoutes(service: ClassifierService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/cases/classify',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'Candidate categories for a complaint text, best first, with calibrated probabilities',
          body: Type.Object(
            {
              text: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S', description: 'What the caller or inspector said' }),
              limit: Type.Optional(Type.Integer({ minimum: 3, maximum: 20, default: 3, description: 'How many candidates (at least 3)' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              candidates: Type.Array(Type.Object({ categoryCode: Type.String(), score: Ratio }), { minItems: 1 }),
            }),
          },
        },
      },
      async (req) => {
        const found = await service.classify(req.body.text, req.body.limit ?? 3);
        return { candidates: found.map((c) => ({ categoryCode: c.label, score: c.score })) };
      },
    );

    app.get(
      '/cases/classifier/report',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'Held-out accuracy, top-3 accuracy, per-category precision/recall and confusion matrix of the current model',
          response: { 200: Report },
        },
      },
      async () => reportBody(await service.report()),
    );

    app.post(
      '/cases/classifier/retrain',
      {
        config: { permission: 'cases.config.write' },
        schema: {
          tags: ['cases'],
          summary: 'Retrain now from the seed corpus and closed cases; returns the new report',
          response: { 200: Report },
        },
      },
      async () => reportBody(await service.retrain()),
    );
  };
}
