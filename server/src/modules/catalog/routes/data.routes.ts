/**
 * `/catalog/resources/{id}/data`: the query API (filters, paging, field selection, CSV export)
 * with masking per grant, and the owner's view of who read what.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csvField } from '../../../kernel/csv.js';
import { DomainError } from '../../../kernel/errors.js';
import { decodeCursor, encodeCursor } from '../../../kernel/http/list-cursor.js';
import { problem, sendProblem } from '../../../kernel/http/problem.js';
import { isAdmin, isOwner } from '../access-policy.js';
import type { DataAccessService } from '../data-access.service.js';
import type { ResourcesRepository } from '../resources.repository.js';
import type { SharingRepository } from '../sharing.repository.js';
import { AccessLogSchema, Cursor, DataPageSchema, IdParams } from './schemas.js';

/** Query parameters that are not field filters. */
const CONTROL = new Set(['fields', 'limit', 'cursor', 'format', 'purpose']);

const DataQuerySchema = Type.Object(
  {
    fields: Type.Optional(Type.String({ maxLength: 4000, description: 'Comma-separated field names (default: every readable field)' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    cursor: Type.Optional(Cursor),
    format: Type.Enum(['json', 'csv'], { default: 'json', description: 'csv: every matching row as a CSV download (masked the same way)' }),
    purpose: Type.Optional(Type.String({ maxLength: 500, description: 'Why you read (recorded in the access log)' })),
  },
  {
    additionalProperties: Type.String({ maxLength: 2000 }),
    description:
      'Any other parameter filters a field: <field>=<value> or <field>=<op>:<value>, op ∈ eq ne gt gte lt lte like in null notnull',
  },
);

export function dataRoutes(data: DataAccessService, resources: ResourcesRepository, sharing: SharingRepository): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/catalog/resources/:id/data',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary:
            'Query the current data: field filters, field selection, paging, CSV export; personal fields masked unless granted; every read logged',
          params: IdParams,
          querystring: DataQuerySchema,
          response: { 200: DataPageSchema },
        },
      },
      async (req, reply) => {
        if (!data.allowRate(req.principal)) {
          reply.header('retry-after', '60');
          return sendProblem(reply, problem(429, 'Too many requests', 'This key read too often; wait a minute.', { instance: req.url }));
        }
        const q = req.query as Record<string, unknown>;
        const filters: Record<string, string> = {};
        for (const [k, v] of Object.entries(q)) if (!CONTROL.has(k)) filters[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
        const fields =
          typeof q.fields === 'string' && q.fields.trim()
            ? q.fields
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : undefined;
        const reader = { kind: 'staff' as const, principal: req.principal! };
        const purpose = q.purpose as string | undefined;
        if (q.format === 'csv') {
          const it = data.export(reader, req.params.id, { fields, filters, purpose, channel: 'export' });
          const first = await it.next(); // access is decided here, so a refusal is still a problem document
          const head = first.value as { fields: Array<{ name: string }> };
          async function* lines(): AsyncGenerator<string> {
            yield '\uFEFF' + head.fields.map((f) => csvField(f.name)).join(',') + '\r\n';
            for await (const item of it) {
              if ('record' in item) yield head.fields.map((f) => csvField(item.record[f.name])).join(',') + '\r\n';
            }
          }
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${req.params.id}.csv"`)
            .send(Readable.from(lines()) as never);
        }
        return data.read(reader, req.params.id, {
          fields,
          filters,
          limit: q.limit as number,
          cursor: q.cursor as string | undefined,
          purpose,
          channel: 'api',
        });
      },
    );

    app.get(
      '/catalog/resources/:id/access-log',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Every read of the resource (who, which grant, which filter, how many rows, purpose), newest first; for its department',
          params: IdParams,
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), cursor: Type.Optional(Cursor) },
            { additionalProperties: false },
          ),
          response: { 200: AccessLogSchema },
        },
      },
      async (req) => {
        const r = await resources.get(req.params.id);
        if (!r) throw new DomainError('not_found', `Resource ${req.params.id} does not exist`);
        const p = req.principal!;
        if (!isAdmin(p) && !isOwner(p, r.providerDepartmentCode)) {
          throw new DomainError('forbidden', `Only department ${r.providerDepartmentCode} sees who read its resource.`);
        }
        const items = await sharing.accessLog({ resourceId: r.id, beforeId: decodeCursor(req.query.cursor), limit: req.query.limit + 1 });
        const page = items.slice(0, req.query.limit);
        return { items: page, next: items.length > req.query.limit ? encodeCursor(page[page.length - 1]!.id) : null };
      },
    );
  };
}
