/** `POST /catalog/audit-exports`: a signed export of a resource's (or the whole catalog's) audit trail. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import type { KernelContext } from '../../../kernel/module.js';
import { isAdmin, isOwner } from '../access-policy.js';
import { buildAuditExport } from '../audit-export.js';
import type { ResourcesRepository } from '../resources.repository.js';
import type { SharingRepository } from '../sharing.repository.js';
import type { SharingService } from '../sharing.service.js';
import { Nullable, ResourceId } from './schemas.js';

const ManifestSchema = Type.Object({
  format: Type.String(),
  scope: Type.Object({ resourceId: Nullable(Type.String()) }),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  records: Type.Integer(),
  firstSeq: Nullable(Type.Integer()),
  lastSeq: Nullable(Type.Integer()),
  sha256: Type.String(),
  chainHead: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String() })),
  exportedAt: Type.String(),
  exportedBy: Type.String(),
  publicKey: Type.String({ description: 'SPKI PEM of the Ed25519 signing key' }),
  signature: Type.String({ description: 'Base64 Ed25519 signature over the canonical JSON of the manifest without `signature`' }),
});

export function auditExportRoutes(
  ctx: KernelContext,
  resources: ResourcesRepository,
  sharingRepo: SharingRepository,
  sharing: SharingService,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/catalog/audit-exports',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary:
            'Signed export of the audit trail (reads and changes) of one resource or the whole catalog for a period: JSON lines + signed manifest',
          body: Type.Object(
            {
              resourceId: Type.Optional(ResourceId),
              from: Type.String({ format: 'date-time' }),
              to: Type.String({ format: 'date-time' }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ manifest: ManifestSchema, jsonl: Type.String({ description: 'One audit record per line, oldest first' }) }),
          },
        },
      },
      async (req) => {
        const p = req.principal!;
        const from = Date.parse(req.body.from);
        const to = Date.parse(req.body.to);
        if (!(to > from)) throw new DomainError('invalid', 'to must be after from', [{ path: '/body/to', message: 'must be after from' }]);
        const related: string[] = [];
        if (req.body.resourceId) {
          const r = await resources.get(req.body.resourceId);
          if (!r) throw new DomainError('not_found', `Resource ${req.body.resourceId} does not exist`);
          if (!isOwner(p, r.providerDepartmentCode) && !(await sharing.isSupervisor(p))) {
            throw new DomainError('forbidden', `Only department ${r.providerDepartmentCode} and the data bureau export this trail.`);
          }
          for (const q of await sharingRepo.requests({ resourceId: r.id, limit: 100_000 })) related.push(`share-request:${q.id}`);
          for (const g of await sharingRepo.grants({ resourceId: r.id, limit: 100_000 })) related.push(`grant:${g.id}`);
        } else if (!isAdmin(p) && !(await sharing.isSupervisor(p))) {
          throw new DomainError('forbidden', 'Exporting the whole catalog trail is for the data bureau and administrators.');
        }
        return buildAuditExport(ctx, { resourceId: req.body.resourceId ?? null, related, from, to, exportedBy: actorOf(p) });
      },
    );
  };
}
