/**
 * Applications for 有条件开放 data from the public (申请开放数据): a visitor without an account
 * registers who they are and why they need a dataset; the providing department's stewards see the
 * applications of their department and approve or refuse them (a refusal gives its reason). An
 * approval records the decision; access itself is then given through the catalog's sharing grants
 * (a grant names a consumer department), which the department arranges with the applicant.
 * Every change is audited and evented in its transaction.
 */
import type { Kysely } from 'kysely';
import { actorOf, hasPermission, type Principal } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Migration } from '../../../kernel/db/migration.js';
import type { KernelContext } from '../../../kernel/module.js';
import { isAdmin, isOwner } from '../access-policy.js';
import type { CatalogInternals } from '../catalog.service.js';
import { PUBLIC_READER } from './open-catalog.js';

/** Events of the applications (versioned names, payloads carry no personal data). */
export const OPEN_APPLICATION_EVENTS = {
  submitted: 'catalog.open-application.submitted.v1',
  decided: 'catalog.open-application.decided.v1',
} as const;

export type OpenApplicationStatus = 'pending' | 'approved' | 'refused';

/** An application as stewards see it. */
export interface OpenApplication {
  id: string;
  resourceId: string;
  resourceName: string | null;
  departmentCode: string;
  applicantName: string;
  organization: string | null;
  email: string;
  phone: string | null;
  purpose: string;
  status: OpenApplicationStatus;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

/** What the public form sends. */
export interface OpenApplicationInput {
  applicantName: string;
  organization?: string;
  email: string;
  phone?: string;
  purpose: string;
}

/** The applications table (after the catalog's own migrations). */
export const openApplicationMigrations: Record<string, Migration> = {
  '20261122_0700_catalog_open_applications': {
    async up(db, d) {
      await db.schema
        .createTable('catalog_open_applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('organization', 'text')
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('decided_at', d.timestamp)
        .addColumn('decided_by', 'text')
        .execute();
      await db.schema
        .createIndex('catalog_open_applications_dept_idx')
        .on('catalog_open_applications')
        .columns(['department_code', 'status', 'id'])
        .execute();
    },
  },
};

export class OpenApplicationsService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly c: CatalogInternals,
  ) {}

  /** Registers an application for a 有条件开放 dataset (anyone may). */
  async submit(resourceId: string, input: OpenApplicationInput): Promise<OpenApplication> {
    const r = await this.c.service.getResource(PUBLIC_READER, resourceId);
    if (r.openType !== 'conditional') {
      throw new DomainError('conflict', `${r.name} is open without conditions (无条件开放): download it, no application needed.`);
    }
    const at = this.ctx.now();
    const row = {
      id: newId(at),
      resource_id: r.id,
      department_code: r.providerDepartmentCode,
      applicant_name: input.applicantName.trim(),
      organization: input.organization?.trim() || null,
      email: input.email.trim(),
      phone: input.phone?.trim() || null,
      purpose: input.purpose.trim(),
      status: 'pending',
      reason: null,
      created_at: new Date(at),
      decided_at: null,
      decided_by: null,
    };
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('catalog_open_applications').values(row).execute();
      await this.ctx.audit.record(trx, {
        actor: 'anonymous',
        action: 'catalog.open-application.submitted',
        target: `resource:${r.id}`,
        detail: { applicationId: row.id },
      });
      await this.ctx.events.publish(trx, OPEN_APPLICATION_EVENTS.submitted, {
        applicationId: row.id,
        resourceId: r.id,
        departmentCode: r.providerDepartmentCode,
      });
    });
    return { ...this.fromRow({ ...row, created_at: at }), resourceName: r.name };
  }

  /** The status of one application, for the applicant who holds its id. */
  async status(
    id: string,
  ): Promise<Pick<OpenApplication, 'id' | 'resourceId' | 'resourceName' | 'status' | 'reason' | 'createdAt' | 'decidedAt'>> {
    const a = await this.get(id);
    return {
      id: a.id,
      resourceId: a.resourceId,
      resourceName: a.resourceName,
      status: a.status,
      reason: a.reason,
      createdAt: a.createdAt,
      decidedAt: a.decidedAt,
    };
  }

  /** Applications of the actor's department (every department for the administrator), newest first. */
  async list(actor: Principal, status: OpenApplicationStatus | undefined, limit: number): Promise<OpenApplication[]> {
    let q = this.ctx.db.kysely.selectFrom('catalog_open_applications').selectAll().orderBy('id', 'desc').limit(limit);
    if (!isAdmin(actor)) {
      if (!actor.departmentCode) return [];
      q = q.where('department_code', '=', actor.departmentCode);
    }
    if (status) q = q.where('status', '=', status);
    return this.withNames((await q.execute()).map((r) => this.fromRow(r)));
  }

  /** Approves or refuses a pending application of the actor's department. */
  async decide(actor: Principal, id: string, decision: 'approved' | 'refused', reason: string | undefined): Promise<OpenApplication> {
    if (!hasPermission(actor, 'catalog.write')) throw new DomainError('forbidden', 'This needs the permission catalog.write.');
    const a = await this.get(id);
    if (!isAdmin(actor) && !isOwner(actor, a.departmentCode)) {
      throw new DomainError('forbidden', `Only stewards of department ${a.departmentCode} decide its applications.`);
    }
    if (decision === 'refused' && !reason?.trim()) {
      throw new DomainError('invalid', 'A refusal gives its reason.', [{ path: '/body/reason', message: 'is required when refusing' }]);
    }
    const at = this.ctx.now();
    await this.ctx.db.kysely.transaction().execute(async (trx: Kysely<any>) => {
      const done = await trx
        .updateTable('catalog_open_applications')
        .set({ status: decision, reason: reason?.trim() || null, decided_at: new Date(at), decided_by: actorOf(actor) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1)
        throw new DomainError('conflict', `Application ${id} is already ${a.status === 'pending' ? 'decided' : a.status}.`);
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: `catalog.open-application.${decision}`,
        target: `resource:${a.resourceId}`,
        detail: { applicationId: id, reason: reason?.trim() || null },
      });
      await this.ctx.events.publish(trx, OPEN_APPLICATION_EVENTS.decided, {
        applicationId: id,
        resourceId: a.resourceId,
        status: decision,
      });
    });
    return this.get(id);
  }

  private async get(id: string): Promise<OpenApplication> {
    const row = await this.ctx.db.kysely.selectFrom('catalog_open_applications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', `Application ${id} does not exist`);
    return (await this.withNames([this.fromRow(row)]))[0]!;
  }

  private async withNames(list: OpenApplication[]): Promise<OpenApplication[]> {
    const names = new Map<string, string>();
    for (const id of new Set(list.map((a) => a.resourceId))) {
      const r = await this.c.resourcesRepo.get(id);
      if (r) names.set(id, r.name);
    }
    return list.map((a) => ({ ...a, resourceName: names.get(a.resourceId) ?? null }));
  }

  private fromRow(r: Record<string, any>): OpenApplication {
    const time = (v: unknown) => this.ctx.db.sql.readTimeOrNull(v)?.toISOString() ?? null;
    return {
      id: r.id,
      resourceId: r.resource_id,
      resourceName: null,
      departmentCode: r.department_code,
      applicantName: r.applicant_name,
      organization: r.organization,
      email: r.email,
      phone: r.phone,
      purpose: r.purpose,
      status: r.status,
      reason: r.reason,
      createdAt: time(r.created_at)!,
      decidedAt: time(r.decided_at),
      decidedBy: r.decided_by,
    };
  }
}
