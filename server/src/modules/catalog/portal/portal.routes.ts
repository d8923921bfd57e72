/**
 * The open-data portal's public API (`/api/v1/open-data/**`): search with facets, a dataset's
 * metadata, a paged preview and downloads in CSV, JSON and XLSX. Anonymous and rate-limited per
 * client address; personal fields never appear; every data read goes through the catalog's data
 * access (visibility, access log, audit). 有条件开放 data needs a consumer key granted on it.
 */
import { PassThrough, Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import ExcelJS from 'exceljs';
import { Type } from 'typebox';
import { csvField } from '../../../kernel/csv.js';
import type { Resource } from '../catalog-types.js';
import type { CatalogInternals } from '../catalog.service.js';
import { ckanResourceId, licenseOf } from '../ckan/ckan-package.js';
import { Cursor, DepartmentCode, IdParams, UpdateCycleSchema } from '../routes/schemas.js';
import { OpenDataPage, OpenDatasetDetail, OpenDatasetPage } from './portal-schemas.js';
import {
  coordinateFields,
  DOWNLOAD_FORMATS,
  portalUrls,
  PUBLIC_READER,
  publicFields,
  readerOf,
  slugOf,
  type DownloadFormat,
} from './open-catalog.js';

/** Requests per client address per minute on the portal's reads. */
export const PORTAL_RATE = { max: 240, timeWindow: '1 minute' };
/** Downloads per client address per minute (each may stream a whole dataset). */
export const DOWNLOAD_RATE = { max: 20, timeWindow: '1 minute' };

const PORTAL_FACETS = ['theme', 'department', 'format', 'updateCycle', 'openType'] as const;

function summary(r: Resource) {
  return {
    id: r.id,
    name: slugOf(r),
    code: r.code,
    title: r.name,
    summary: r.summary,
    department: { code: r.providerDepartmentCode, name: r.providerDepartmentName },
    themes: r.themes,
    keywords: r.keywords,
    format: r.format,
    openType: r.openType,
    openConditions: r.openConditions,
    updateCycle: r.updateCycle,
    rowCount: r.rowCount,
    hasData: r.currentVersion !== null,
    publishDate: r.publishDate,
    dataUpdatedAt: r.dataUpdatedAt,
    updatedAt: r.updatedAt,
  };
}

/** A value as an XLSX cell (geometries as their GeoJSON text). */
function cell(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null);
}

function openField(f: { name: string; title: string; type: Resource['fields'][number]['type']; description: string | null }) {
  return { name: f.name, title: f.title, type: f.type, description: f.description };
}

export function portalRoutes(c: CatalogInternals): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/open-data/datasets',
      {
        config: { public: true, rateLimit: PORTAL_RATE },
        schema: {
          tags: ['open-data'],
          summary: 'Search the open datasets (public): Chinese text, facets by theme, department, format, update cycle',
          security: [],
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              theme: Type.Optional(Type.String({ maxLength: 50 })),
              department: Type.Optional(DepartmentCode),
              format: Type.Optional(Type.String({ maxLength: 50 })),
              updateCycle: Type.Optional(UpdateCycleSchema),
              openType: Type.Optional(Type.Enum(['unconditional', 'conditional'])),
              limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
              offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: OpenDatasetPage },
        },
      },
      async (req) => {
        const { limit, offset, openType, ...filter } = req.query;
        const page = await c.service.searchResources(
          PUBLIC_READER,
          { ...filter, ...(openType ? { openType } : {}) },
          limit,
          undefined,
          offset,
        );
        return {
          items: page.items.map(summary),
          total: page.total,
          facets: Object.fromEntries(PORTAL_FACETS.map((f) => [f, page.facets[f]])) as Record<
            (typeof PORTAL_FACETS)[number],
            typeof page.facets.theme
          >,
        };
      },
    );

    app.get(
      '/open-data/datasets/:id',
      {
        config: { public: true, rateLimit: PORTAL_RATE },
        schema: {
          tags: ['open-data'],
          summary: 'One open dataset (public): metadata, public fields, downloads and API URLs',
          security: [],
          params: IdParams,
          response: { 200: OpenDatasetDetail },
        },
      },
      async (req) => {
        const r = await c.service.getResource(PUBLIC_READER, req.params.id);
        const fields = publicFields(r);
        const urls = portalUrls(r.id);
        return {
          ...summary(r),
          fields: fields.map(openField),
          coordinates: coordinateFields(fields),
          license: licenseOf(r),
          downloads:
            r.currentVersion === null
              ? []
              : (Object.keys(DOWNLOAD_FORMATS) as DownloadFormat[]).map((f) => ({
                  format: DOWNLOAD_FORMATS[f].label,
                  mediaType: DOWNLOAD_FORMATS[f].mediaType,
                  url: urls.download(f),
                })),
          api: {
            packageShow: `/api/3/action/package_show?id=${slugOf(r)}`,
            datastoreSearch: `/api/3/action/datastore_search?resource_id=${ckanResourceId(r.id, 'csv')}`,
            data: urls.data,
            dcat: '/catalog.ttl',
          },
        };
      },
    );

    app.get(
      '/open-data/datasets/:id/data',
      {
        config: { public: true, rateLimit: PORTAL_RATE },
        schema: {
          tags: ['open-data'],
          summary: 'Preview the data of an open dataset (public fields, paged); 有条件开放 data needs a granted consumer key',
          security: [],
          params: IdParams,
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }), cursor: Type.Optional(Cursor) },
            { additionalProperties: false },
          ),
          response: { 200: OpenDataPage },
        },
      },
      async (req) => {
        const r = await c.service.getResource(PUBLIC_READER, req.params.id);
        const fields = publicFields(r);
        const page = await c.service.readData(readerOf(req.principal), r.id, {
          fields: fields.map((f) => f.name),
          filters: {},
          limit: req.query.limit,
          cursor: req.query.cursor,
          channel: 'portal',
        });
        return { fields: fields.map(openField), records: page.records, next: page.next };
      },
    );

    app.get(
      '/open-data/datasets/:id/download.:format',
      {
        config: { public: true, rateLimit: DOWNLOAD_RATE },
        schema: {
          tags: ['open-data'],
          summary: 'Download the current data of an open dataset as CSV, JSON or XLSX (public fields)',
          security: [],
          params: Type.Object({ id: IdParams.properties.id, format: Type.Enum(['csv', 'json', 'xlsx']) }),
        },
      },
      async (req, reply) => {
        const r = await c.service.getResource(PUBLIC_READER, req.params.id);
        const fields = publicFields(r);
        const format = req.params.format as DownloadFormat;
        const it = c.service.exportData(readerOf(req.principal), r.id, {
          fields: fields.map((f) => f.name),
          filters: {},
          channel: 'portal-download',
        });
        await it.next(); // access is decided on the first step, so a refusal is still a problem document
        const records = async function* () {
          for await (const item of it) if ('record' in item) yield item.record;
        };
        const filename = `${slugOf(r)}.${format}`;
        reply.header(
          'content-disposition',
          `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`${r.name}.${format}`)}`,
        );
        reply.type(`${DOWNLOAD_FORMATS[format].mediaType}${format === 'xlsx' ? '' : '; charset=utf-8'}`);
        if (format === 'csv') {
          return reply.send(
            Readable.from(
              (async function* () {
                yield '\uFEFF' + fields.map((f) => csvField(f.title)).join(',') + '\r\n';
                for await (const rec of records()) yield fields.map((f) => csvField(rec[f.name])).join(',') + '\r\n';
              })(),
            ) as never,
          );
        }
        if (format === 'json') {
          return reply.send(
            Readable.from(
              (async function* () {
                yield '[';
                let first = true;
                for await (const rec of records()) {
                  yield (first ? '\n' : ',\n') + JSON.stringify(rec);
                  first = false;
                }
                yield '\n]\n';
              })(),
            ) as never,
          );
        }
        const out = new PassThrough();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
        const sheet = wb.addWorksheet('data');
        sheet.columns = fields.map((f) => ({ header: f.title, key: f.name }));
        void (async () => {
          try {
            for await (const rec of records()) sheet.addRow(fields.map((f) => cell(rec[f.name]))).commit();
            sheet.commit();
            await wb.commit();
          } catch (e) {
            out.destroy(e as Error);
          }
        })();
        return reply.send(out);
      },
    );
  };
}
