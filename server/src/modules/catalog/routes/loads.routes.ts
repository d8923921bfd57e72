/**
 * Dataset loads and versions. The upload route reads its body as a stream (its own content-type
 * parsers, in this encapsulated plugin only), so a 1 GB CSV never sits in memory.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../../kernel/errors.js';
import { assertCanEdit } from '../access-policy.js';
import type { LoadsService } from '../loads.service.js';
import { charsetOf, formatOf, LOAD_FORMATS, type LoadFormat } from '../record-sources.js';
import type { ResourcesRepository } from '../resources.repository.js';
import { DiffSchema, IdParams, Limit, LoadInfoSchema, LoadReportSchema, VersionSchema } from './schemas.js';

/** The largest upload accepted (multipart and raw). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

const LoadQuery = Type.Object(
  {
    partial: Type.Boolean({ default: false, description: 'Keep the good rows when some are rejected (default: all or nothing)' }),
    format: Type.Optional(
      Type.Enum([...LOAD_FORMATS], { description: 'csv | json | xlsx; default from Content-Type, file name or content' }),
    ),
    encoding: Type.Optional(Type.Enum(['utf-8', 'gbk', 'gb18030'], { description: 'Text encoding; default detected (UTF-8 or GBK)' })),
  },
  { additionalProperties: false },
);

/** The upload as bytes: the first file of a multipart form, or the raw body stream. */
async function uploadOf(req: FastifyRequest): Promise<{ bytes: AsyncIterable<Buffer>; format: LoadFormat | null; charset: string | null }> {
  if (req.isMultipart()) {
    const file = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (!file) throw new DomainError('invalid', 'The form holds no file', [{ path: '/body/file', message: 'is required' }]);
    const stream = file.file;
    async function* guarded(): AsyncGenerator<Buffer> {
      for await (const chunk of stream) yield chunk as Buffer;
      if (stream.truncated) throw new DomainError('too_large', `The file is larger than ${MAX_UPLOAD_BYTES} bytes`);
    }
    return { bytes: guarded(), format: formatOf(file.mimetype, file.filename), charset: charsetOf(file.mimetype) };
  }
  const ct = req.headers['content-type'];
  return { bytes: req.body as AsyncIterable<Buffer>, format: formatOf(ct), charset: charsetOf(ct) };
}

export function loadsRoutes(loads: LoadsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Only in this plugin: bodies stay streams (the app-wide parsers buffer text and JSON).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });

    app.post(
      '/catalog/resources/:id/loads',
      {
        config: { permission: 'catalog.write' },
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['catalog'],
          summary:
            'Load data as a new version: CSV (UTF-8 or GBK, detected), XLSX or JSON (array or NDJSON), as the body or a multipart file; streamed; all or nothing unless ?partial=true',
          params: IdParams,
          querystring: LoadQuery,
          response: { 200: LoadReportSchema },
        },
      },
      async (req) => {
        const up = await uploadOf(req);
        return loads.load(req.principal!, req.params.id, {
          bytes: up.bytes,
          format: req.query.format ?? up.format,
          encoding: req.query.encoding ?? up.charset,
          partial: req.query.partial,
        });
      },
    );
  };
}

/** Version, diff, rollback, push and load-progress routes (ordinary JSON bodies). */
export function versionsRoutes(loads: LoadsService, resources: ResourcesRepository): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/catalog/resources/:id/loads',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Recent loads of a resource with their progress and reports (newest first)',
          params: IdParams,
          querystring: Type.Object({ limit: Limit(200, 20) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(LoadInfoSchema) }) },
        },
      },
      async (req) => ({ items: await loads.loads(req.params.id, req.query.limit) }),
    );

    app.get(
      '/catalog/loads/:loadId',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'One load: progress while running (rows read, accepted, rejected), then its report',
          params: Type.Object({ loadId: Type.String({ pattern: '^[0-9A-Z]{26}$' }) }),
          response: { 200: LoadInfoSchema },
        },
      },
      async (req) => loads.loadInfo(req.params.loadId),
    );

    app.post(
      '/catalog/resources/:id/rows',
      {
        config: { permission: 'catalog.write' },
        bodyLimit: 32 * 1024 * 1024,
        schema: {
          tags: ['catalog'],
          summary: 'Push rows (upsert by key) into a new version based on the current one; all or nothing unless ?partial=true',
          params: IdParams,
          querystring: Type.Object({ partial: Type.Boolean({ default: false }) }, { additionalProperties: false }),
          body: Type.Object({ rows: Type.Array(Type.Unknown(), { minItems: 1 }) }, { additionalProperties: false }),
          response: { 200: LoadReportSchema },
        },
      },
      async (req) => loads.push(req.principal!, req.params.id, req.body.rows, req.query.partial),
    );

    app.get(
      '/catalog/resources/:id/versions',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Versions of the dataset (each load or push is one), newest first',
          params: IdParams,
          response: { 200: Type.Object({ currentVersion: Type.Union([Type.Integer(), Type.Null()]), items: Type.Array(VersionSchema) }) },
        },
      },
      async (req) => {
        const r = await resources.get(req.params.id);
        const items = await loads.versions(req.params.id);
        return { currentVersion: r?.currentVersion ?? null, items: items.map((v) => ({ ...v, current: v.version === r?.currentVersion })) };
      },
    );

    app.get(
      '/catalog/resources/:id/diff',
      {
        config: { permission: 'catalog.write' },
        schema: {
          tags: ['catalog'],
          summary: 'Rows added, removed and changed (by key) between two versions',
          params: IdParams,
          querystring: Type.Object(
            { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }), limit: Limit(1000, 100) },
            { additionalProperties: false },
          ),
          response: { 200: DiffSchema },
        },
      },
      async (req) => {
        const r = await resources.get(req.params.id);
        if (!r) throw new DomainError('not_found', `Resource ${req.params.id} does not exist`);
        // Diffs show rows in clear: only the owning department (or the administrator).
        assertCanEdit(req.principal!, r.providerDepartmentCode);
        return loads.diff(req.params.id, req.query.from, req.query.to, req.query.limit);
      },
    );

    app.post(
      '/catalog/resources/:id/rollback',
      {
        config: { permission: 'catalog.write' },
        schema: {
          tags: ['catalog'],
          summary: 'Make an older version current again (audited); newer versions are kept',
          params: IdParams,
          body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ id: Type.String(), currentVersion: Type.Integer(), rowCount: Type.Integer() }) },
        },
      },
      async (req) => {
        const r = await loads.rollback(req.principal!, req.params.id, req.body.version);
        return { id: r.id, currentVersion: r.currentVersion!, rowCount: r.rowCount };
      },
    );
  };
}
