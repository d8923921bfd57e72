import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditLog } from '../audit/audit-log.js';

const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});

/** `GET /audit`: the audit log, newest first, for auditors (permission audit.read). */
export function auditRoutes(audit: AuditLog): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['audit'],
          summary: 'List audit records (newest first)',
          querystring: Type.Object({
            actor: Type.Optional(Type.String({ maxLength: 200 })),
            action: Type.Optional(Type.String({ maxLength: 200, description: 'exact, or with * wildcards (org.user.*)' })),
            target: Type.Optional(Type.String({ maxLength: 200 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
            cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'opaque; from `next`' })),
          }),
          response: { 200: Type.Object({ items: Type.Array(AuditItem), next: Type.Union([Type.String(), Type.Null()]) }) },
        },
      },
      async (request) => {
        const q = request.query;
        const items = await audit.list({
          actor: q.actor,
          action: q.action,
          target: q.target,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          limit: q.limit,
          beforeSeq: q.cursor ? Number(q.cursor) : undefined,
        });
        const next = items.length === q.limit ? String(items[items.length - 1]!.seq) : null;
        return { items: items.map(({ prevHash: _p, ...rest }) => rest), next };
      },
    );
  };
}
