/** SQL of share requests, grants and the access log. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';

/** Share request states; see share-lifecycle.ts for the transitions. */
export type ShareStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

export interface ShareRequest {
  id: string;
  resourceId: string;
  providerDepartmentCode: string;
  consumerDepartmentCode: string;
  requestedBy: string;
  fields: string[];
  purpose: string;
  until: string;
  status: ShareStatus;
  dueAt: string;
  escalatedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  grantId: string | null;
  createdAt: string;
}

export type GrantStatus = 'active' | 'revoked' | 'expired';

export interface Grant {
  id: string;
  requestId: string;
  resourceId: string;
  consumerDepartmentCode: string;
  fields: string[];
  cleartextFields: string[];
  /** Field → `op:value` (the data API's filter syntax), applied to every read. */
  rowFilter: Record<string, string>;
  purpose: string;
  until: string;
  apiKeyId: string;
  status: GrantStatus;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface AccessLogEntry {
  id: string;
  resourceId: string;
  at: string;
  consumer: string;
  consumerDepartmentCode: string | null;
  grantId: string | null;
  channel: string;
  filter: Record<string, string>;
  fields: string[];
  cleartextFields: string[];
  rows: number;
  purpose: string | null;
}

export interface RequestFilter {
  providerDepartmentCode?: string;
  consumerDepartmentCode?: string;
  status?: ShareStatus;
  resourceId?: string;
  beforeId?: string;
  limit: number;
}

export class SharingRepository {
  constructor(private readonly db: Database) {}

  async insertRequest(trx: Kysely<any>, r: ShareRequest): Promise<void> {
    await trx
      .insertInto('catalog_share_requests')
      .values({
        id: r.id,
        resource_id: r.resourceId,
        provider_department_code: r.providerDepartmentCode,
        consumer_department_code: r.consumerDepartmentCode,
        requested_by: r.requestedBy,
        fields: JSON.stringify(r.fields),
        purpose: r.purpose,
        until: new Date(r.until),
        status: r.status,
        due_at: new Date(r.dueAt),
        escalated_at: null,
        decided_by: null,
        decided_at: null,
        reason: null,
        grant_id: null,
        created_at: new Date(r.createdAt),
      })
      .execute();
  }

  /** Moves a request from `from` to a new state; false when it was not in `from` (a lost race). */
  async transition(
    trx: Kysely<any>,
    id: string,
    from: ShareStatus,
    to: ShareStatus,
    p: { decidedBy: string; decidedAt: number; reason?: string | null; grantId?: string | null },
  ): Promise<boolean> {
    const res = await trx
      .updateTable('catalog_share_requests')
      .set({
        status: to,
        decided_by: p.decidedBy,
        decided_at: new Date(p.decidedAt),
        reason: p.reason ?? null,
        grant_id: p.grantId ?? null,
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async markEscalated(trx: Kysely<any>, id: string, at: number): Promise<boolean> {
    const res = await trx
      .updateTable('catalog_share_requests')
      .set({ escalated_at: new Date(at) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('escalated_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async request(id: string): Promise<ShareRequest | null> {
    const r = await this.db.kysely.selectFrom('catalog_share_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toRequest(r) : null;
  }

  async requests(f: RequestFilter): Promise<ShareRequest[]> {
    let q = this.db.kysely.selectFrom('catalog_share_requests').selectAll().orderBy('id', 'desc').limit(f.limit);
    if (f.providerDepartmentCode) q = q.where('provider_department_code', '=', f.providerDepartmentCode);
    if (f.consumerDepartmentCode) q = q.where('consumer_department_code', '=', f.consumerDepartmentCode);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    if (f.beforeId) q = q.where('id', '<', f.beforeId);
    return (await q.execute()).map((r) => this.toRequest(r));
  }

  /** Pending requests past their due date and not yet escalated. */
  async overdue(now: number, limit: number): Promise<ShareRequest[]> {
    const rows = await this.db.kysely
      .selectFrom('catalog_share_requests')
      .selectAll()
      .where('status', '=', 'pending')
      .where('due_at', '<', new Date(now))
      .where('escalated_at', 'is', null)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map((r) => this.toRequest(r));
  }

  async insertGrant(trx: Kysely<any>, g: Grant): Promise<void> {
    await trx
      .insertInto('catalog_grants')
      .values({
        id: g.id,
        request_id: g.requestId,
        resource_id: g.resourceId,
        consumer_department_code: g.consumerDepartmentCode,
        fields: JSON.stringify(g.fields),
        cleartext_fields: JSON.stringify(g.cleartextFields),
        row_filter: JSON.stringify(g.rowFilter),
        purpose: g.purpose,
        until: new Date(g.until),
        api_key_id: g.apiKeyId,
        status: g.status,
        created_by: g.createdBy,
        created_at: new Date(g.createdAt),
        revoked_at: null,
      })
      .execute();
  }

  async setGrantStatus(trx: Kysely<any>, id: string, status: GrantStatus, at: number): Promise<boolean> {
    const res = await trx
      .updateTable('catalog_grants')
      .set({ status, revoked_at: new Date(at) })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async grant(id: string): Promise<Grant | null> {
    const r = await this.db.kysely.selectFrom('catalog_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toGrant(r) : null;
  }

  async grantByKey(apiKeyId: string): Promise<Grant | null> {
    const r = await this.db.kysely.selectFrom('catalog_grants').selectAll().where('api_key_id', '=', apiKeyId).executeTakeFirst();
    return r ? this.toGrant(r) : null;
  }

  /** The newest active, unexpired grant of a department on a resource. */
  async activeGrantFor(resourceId: string, departmentCode: string, now: number): Promise<Grant | null> {
    const r = await this.db.kysely
      .selectFrom('catalog_grants')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .where('consumer_department_code', '=', departmentCode)
      .where('status', '=', 'active')
      .where('until', '>', new Date(now))
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r ? this.toGrant(r) : null;
  }

  async grants(f: {
    providerResourceIds?: string[];
    consumerDepartmentCode?: string;
    resourceId?: string;
    limit: number;
  }): Promise<Grant[]> {
    let q = this.db.kysely.selectFrom('catalog_grants').selectAll().orderBy('id', 'desc').limit(f.limit);
    if (f.consumerDepartmentCode) q = q.where('consumer_department_code', '=', f.consumerDepartmentCode);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    if (f.providerResourceIds)
      q = f.providerResourceIds.length ? q.where('resource_id', 'in', f.providerResourceIds) : q.where(sql<boolean>`1 = 0`);
    return (await q.execute()).map((r) => this.toGrant(r));
  }

  /** Active grants whose period ended. */
  async expiredGrants(now: number, limit: number): Promise<Grant[]> {
    const rows = await this.db.kysely
      .selectFrom('catalog_grants')
      .selectAll()
      .where('status', '=', 'active')
      .where('until', '<=', new Date(now))
      .limit(limit)
      .execute();
    return rows.map((r) => this.toGrant(r));
  }

  async insertAccess(trx: Kysely<any>, e: AccessLogEntry): Promise<void> {
    await trx
      .insertInto('catalog_access_log')
      .values({
        id: e.id,
        resource_id: e.resourceId,
        at: new Date(e.at),
        consumer: e.consumer,
        consumer_department_code: e.consumerDepartmentCode,
        grant_id: e.grantId,
        channel: e.channel,
        filter: JSON.stringify(e.filter),
        fields: JSON.stringify(e.fields),
        cleartext_fields: JSON.stringify(e.cleartextFields),
        rows: e.rows,
        purpose: e.purpose,
      })
      .execute();
  }

  async accessLog(f: { resourceId?: string; from?: number; to?: number; beforeId?: string; limit: number }): Promise<AccessLogEntry[]> {
    let q = this.db.kysely.selectFrom('catalog_access_log').selectAll().orderBy('id', 'desc').limit(f.limit);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    if (f.from !== undefined) q = q.where('at', '>=', new Date(f.from));
    if (f.to !== undefined) q = q.where('at', '<', new Date(f.to));
    if (f.beforeId) q = q.where('id', '<', f.beforeId);
    return (await q.execute()).map((r) => this.toAccess(r));
  }

  /** Reads per consumer department × resource (the bureau overview). */
  async readsMatrix(): Promise<Array<{ consumerDepartmentCode: string | null; resourceId: string; reads: number; rows: number }>> {
    const rows = await this.db.kysely
      .selectFrom('catalog_access_log')
      .select(['consumer_department_code', 'resource_id', sql<number>`count(*)`.as('reads'), sql<number>`sum(rows)`.as('rows')])
      .groupBy(['consumer_department_code', 'resource_id'])
      .execute();
    return rows.map((r) => ({
      consumerDepartmentCode: r.consumer_department_code ?? null,
      resourceId: r.resource_id,
      reads: Number(r.reads),
      rows: Number(r.rows ?? 0),
    }));
  }

  private toRequest(r: Record<string, any>): ShareRequest {
    const s = this.db.sql;
    return {
      id: r.id,
      resourceId: r.resource_id,
      providerDepartmentCode: r.provider_department_code,
      consumerDepartmentCode: r.consumer_department_code,
      requestedBy: r.requested_by,
      fields: s.readJson<string[]>(r.fields),
      purpose: r.purpose,
      until: s.readTime(r.until).toISOString(),
      status: r.status,
      dueAt: s.readTime(r.due_at).toISOString(),
      escalatedAt: s.readTimeOrNull(r.escalated_at)?.toISOString() ?? null,
      decidedBy: r.decided_by ?? null,
      decidedAt: s.readTimeOrNull(r.decided_at)?.toISOString() ?? null,
      reason: r.reason ?? null,
      grantId: r.grant_id ?? null,
      createdAt: s.readTime(r.created_at).toISOString(),
    };
  }

  private toGrant(r: Record<string, any>): Grant {
    const s = this.db.sql;
    return {
      id: r.id,
      requestId: r.request_id,
      resourceId: r.resource_id,
      consumerDepartmentCode: r.consumer_department_code,
      fields: s.readJson<string[]>(r.fields),
      cleartextFields: s.readJson<string[]>(r.cleartext_fields),
      rowFilter: s.readJson<Record<string, string>>(r.row_filter),
      purpose: r.purpose,
      until: s.readTime(r.until).toISOString(),
      apiKeyId: r.api_key_id,
      status: r.status,
      createdBy: r.created_by,
      createdAt: s.readTime(r.created_at).toISOString(),
      revokedAt: s.readTimeOrNull(r.revoked_at)?.toISOString() ?? null,
    };
  }

  private toAccess(r: Record<string, any>): AccessLogEntry {
    const s = this.db.sql;
    return {
      id: r.id,
      resourceId: r.resource_id,
      at: s.readTime(r.at).toISOString(),
      consumer: r.consumer,
      consumerDepartmentCode: r.consumer_department_code ?? null,
      grantId: r.grant_id ?? null,
      channel: r.channel,
      filter: s.readJson<Record<string, string>>(r.filter),
      fields: s.readJson<string[]>(r.fields),
      cleartextFields: s.readJson<string[]>(r.cleartext_fields),
      rows: Number(r.rows),
      purpose: r.purpose ?? null,
    };
  }
}
