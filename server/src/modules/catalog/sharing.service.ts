/**
 * Sharing between departments (共享交换): share requests answered within 10 working days,
 * approvals that create a grant scoped to fields, rows and a period plus a consumer API key
 * bound to it (shown once), refusals with reasons, withdrawals, revocations, expiry, and the
 * escalation of overdue requests to the data bureau.
 */
import { actorOf, hasPermission, type Principal } from '../../kernel/auth/index.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { DomainError, type FieldError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import type { OrgService } from '../org/index.js';
import { isAdmin } from './access-policy.js';
import { parseFilters } from './data-filter.js';
import { CATALOG_EVENTS, type ShareEventV1 } from './events.js';
import type { ResourcesRepository, StoredResource } from './resources.repository.js';
import { ANSWER_WORKING_DAYS, MAX_GRANT_MS, SHARE_TRANSITIONS, type ShareAction } from './share-lifecycle.js';
import type { Grant, ShareRequest, ShareStatus, SharingRepository } from './sharing.repository.js';

export interface ShareRequestInput {
  resourceId: string;
  fields: string[];
  purpose: string;
  until: string;
  consumerDepartmentCode?: string;
}

export interface ApproveInput {
  cleartextFields?: string[];
  rowFilter?: Record<string, string>;
}

/** A share request as listed, with the resource's code and name. */
export interface ShareRequestView extends ShareRequest {
  resourceCode: string;
  resourceName: string;
  overdue: boolean;
}

/** Which side of the requests to list. */
export type ShareBox = 'inbox' | 'outbox' | 'all';

export class SharingService {
  #bureau: string | null = null;

  constructor(
    private readonly ctx: KernelContext,
    private readonly resources: ResourcesRepository,
    private readonly repo: SharingRepository,
    private readonly org: OrgService,
    /** The calendar module's working-day arithmetic (State Council holidays and 调休). */
    private readonly addWorkingDays: (startMs: number, n: number) => number,
  ) {}

  /** The data bureau's department code (大数据局), found by name; null when the city has none. */
  async bureauCode(): Promise<string | null> {
    // Only a found bureau is cached: departments may be created after start.
    if (!this.#bureau) {
      const depts = await this.org.listDepartments();
      this.#bureau = depts.find((d) => d.name.includes('大数据'))?.code ?? null;
    }
    return this.#bureau ?? null;
  }

  /** True for the administrator and the data bureau's staff (they see every request). */
  async isSupervisor(p: Principal): Promise<boolean> {
    return isAdmin(p) || (p.departmentCode !== null && p.departmentCode === (await this.bureauCode()));
  }

  async request(actor: Principal, input: ShareRequestInput): Promise<ShareRequestView> {
    const r = await this.resources.get(input.resourceId);
    if (!r || (r.status === 'draft' && !isAdmin(actor) && actor.departmentCode !== r.providerDepartmentCode)) {
      throw new DomainError('invalid', `No resource ${input.resourceId}`, [{ path: '/body/resourceId', message: 'no such resource' }]);
    }
    if (r.status !== 'published')
      throw new DomainError('conflict', `Resource ${r.code} is ${r.status}; only published resources are shared.`);
    if (r.shareType === 'unconditional') {
      throw new DomainError('conflict', `Resource ${r.code} is shared unconditionally (无条件共享): read it directly, no request needed.`);
    }
    if (r.shareType === 'none') throw new DomainError('conflict', `Resource ${r.code} is not shared (不予共享).`);
    const errors: FieldError[] = [];
    const names = new Set(r.fields.map((f) => f.name));
    if (input.fields.length === 0) errors.push({ path: '/body/fields', message: 'must name at least one field' });
    input.fields.forEach((f, i) => {
      if (!names.has(f)) errors.push({ path: `/body/fields/${i}`, message: `${f} is not a field of ${r.code}` });
    });
    if (input.purpose.trim() === '') errors.push({ path: '/body/purpose', message: 'must state the purpose' });
    const now = this.ctx.now();
    const until = Date.parse(input.until);
    if (Number.isNaN(until)) errors.push({ path: '/body/until', message: 'must be an ISO 8601 date-time' });
    else if (until <= now) errors.push({ path: '/body/until', message: 'must be in the future' });
    else if (until - now > MAX_GRANT_MS) errors.push({ path: '/body/until', message: 'must be within 3 years' });
    const consumer = input.consumerDepartmentCode ?? actor.departmentCode;
    if (!consumer) errors.push({ path: '/body/consumerDepartmentCode', message: 'is required when you belong to no department' });
    if (errors.length) throw new DomainError('invalid', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    if (!(await this.org.findDepartment(consumer!))) {
      throw new DomainError('invalid', `No department ${consumer}`, [
        { path: '/body/consumerDepartmentCode', message: `no department ${consumer}` },
      ]);
    }
    if (consumer !== actor.departmentCode && !isAdmin(actor)) {
      throw new DomainError('forbidden', `You may request on behalf of your own department (${actor.departmentCode}) only.`);
    }
    if (consumer === r.providerDepartmentCode)
      throw new DomainError('conflict', 'The requesting department provides this resource already.');
    const req: ShareRequest = {
      id: newId(now),
      resourceId: r.id,
      providerDepartmentCode: r.providerDepartmentCode,
      consumerDepartmentCode: consumer!,
      requestedBy: actorOf(actor),
      fields: [...new Set(input.fields)],
      purpose: input.purpose.trim(),
      until: new Date(until).toISOString(),
      status: 'pending',
      dueAt: new Date(this.addWorkingDays(now, ANSWER_WORKING_DAYS)).toISOString(),
      escalatedAt: null,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      grantId: null,
      createdAt: new Date(now).toISOString(),
    };
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.repo.insertRequest(trx, req);
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'catalog.share.requested',
        target: `share-request:${req.id}`,
        detail: {
          resourceId: r.id,
          code: r.code,
          consumer: req.consumerDepartmentCode,
          fields: req.fields,
          purpose: req.purpose,
          until: req.until,
        },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.shareRequested, this.eventOf(req));
    });
    return this.view(req, r);
  }

  /** Checks the state machine's rule for `action` and returns the request and its resource. */
  private async guard(actor: Principal, id: string, action: ShareAction, body: Record<string, unknown>) {
    const req = await this.repo.request(id);
    if (!req) throw new DomainError('not_found', `Share request ${id} does not exist`);
    const t = SHARE_TRANSITIONS[action];
    if (!hasPermission(actor, t.permission)) throw new DomainError('forbidden', `This needs the permission ${t.permission}.`);
    const side = t.by === 'provider' ? req.providerDepartmentCode : req.consumerDepartmentCode;
    if (!isAdmin(actor) && actor.departmentCode !== side) {
      throw new DomainError(
        'forbidden',
        `Only the ${t.by === 'provider' ? 'providing' : 'requesting'} department (${side}) may ${action} this request.`,
      );
    }
    for (const k of t.requires) {
      const v = body[k];
      if (typeof v !== 'string' || v.trim() === '') {
        throw new DomainError('invalid', `${k} is required to ${action}`, [
          { path: `/body/${k}`, message: `is required to ${action} a request` },
        ]);
      }
    }
    if (req.status !== t.from)
      throw new DomainError('conflict', `Share request ${id} is ${req.status}; it can be ${t.to} only while ${t.from}.`);
    const r = await this.resources.get(req.resourceId);
    if (!r) throw new DomainError('not_found', `Resource ${req.resourceId} does not exist`);
    return { req, r, t };
  }

  /** Approves: a grant (fields of the request, cleartext fields, row filter, until) and its key, shown once. */
  async approve(
    actor: Principal,
    id: string,
    input: ApproveInput,
  ): Promise<{ grantId: string; key: string; requestId: string; until: string }> {
    const { req, r, t } = await this.guard(actor, id, 'approve', input as Record<string, unknown>);
    const errors: FieldError[] = [];
    const personal = new Set(r.fields.filter((f) => f.personal).map((f) => f.name));
    (input.cleartextFields ?? []).forEach((f, i) => {
      if (!req.fields.includes(f)) errors.push({ path: `/body/cleartextFields/${i}`, message: `${f} is not one of the requested fields` });
      else if (!personal.has(f))
        errors.push({ path: `/body/cleartextFields/${i}`, message: `${f} is not a personal field (it is never masked)` });
    });
    const rowFilter = input.rowFilter ?? {};
    try {
      parseFilters(rowFilter, r.fields, '/body/rowFilter');
    } catch (e) {
      if (e instanceof DomainError) errors.push(...e.errors);
      else throw e;
    }
    if (errors.length) throw new DomainError('invalid', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    const at = this.ctx.now();
    if (Date.parse(req.until) <= at)
      throw new DomainError('conflict', `The requested period ended at ${req.until}; the consumer must ask again.`);
    const grantId = newId(at);
    const result = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const key = await this.ctx.auth.createApiKey(trx, {
        name: `共享授权 ${r.code} → ${req.consumerDepartmentCode}`,
        // Only catalog.read, and the catalog binds the key to this one grant (see DataAccessService.decide).
        permissions: ['catalog.read'],
        createdBy: actor.id,
        departmentCode: req.consumerDepartmentCode,
      });
      const g: Grant = {
        id: grantId,
        requestId: req.id,
        resourceId: r.id,
        consumerDepartmentCode: req.consumerDepartmentCode,
        fields: req.fields,
        cleartextFields: [...new Set(input.cleartextFields ?? [])],
        rowFilter,
        purpose: req.purpose,
        until: req.until,
        apiKeyId: key.id,
        status: 'active',
        createdBy: actorOf(actor),
        createdAt: new Date(at).toISOString(),
        revokedAt: null,
      };
      await this.repo.insertGrant(trx, g);
      if (!(await this.repo.transition(trx, req.id, t.from, t.to, { decidedBy: actorOf(actor), decidedAt: at, grantId }))) {
        throw new DomainError('conflict', `Share request ${id} was decided meanwhile.`);
      }
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'catalog.share.approved',
        target: `share-request:${req.id}`,
        detail: { grantId, apiKeyId: key.id, fields: g.fields, cleartextFields: g.cleartextFields, rowFilter, until: g.until },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.shareApproved, { ...this.eventOf({ ...req, status: 'approved' }), grantId });
      return { grantId, key: key.key, requestId: req.id, until: g.until };
    });
    return result;
  }

  async refuse(actor: Principal, id: string, reason: string | undefined): Promise<ShareRequestView> {
    return this.decide(actor, id, 'refuse', { reason });
  }

  async withdraw(actor: Principal, id: string): Promise<ShareRequestView> {
    return this.decide(actor, id, 'withdraw', {});
  }

  private async decide(actor: Principal, id: string, action: 'refuse' | 'withdraw', body: { reason?: string }): Promise<ShareRequestView> {
    const { req, r, t } = await this.guard(actor, id, action, body);
    const at = this.ctx.now();
    const reason = body.reason?.trim() ?? null;
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.repo.transition(trx, req.id, t.from, t.to, { decidedBy: actorOf(actor), decidedAt: at, reason }))) {
        throw new DomainError('conflict', `Share request ${id} was decided meanwhile.`);
      }
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: `catalog.share.${t.to}`,
        target: `share-request:${req.id}`,
        detail: { reason },
      });
      await this.ctx.events.publish(trx, action === 'refuse' ? CATALOG_EVENTS.shareRefused : CATALOG_EVENTS.shareWithdrawn, {
        ...this.eventOf({ ...req, status: t.to }),
        reason,
      });
    });
    return this.view((await this.repo.request(id))!, r);
  }

  /** Revokes a grant and its key at once (the provider department or the administrator). */
  async revokeGrant(actor: Principal, grantId: string, reason?: string): Promise<Grant> {
    const g = await this.repo.grant(grantId);
    if (!g) throw new DomainError('not_found', `Grant ${grantId} does not exist`);
    const r = await this.resources.get(g.resourceId);
    if (!r) throw new DomainError('not_found', `Resource ${g.resourceId} does not exist`);
    if (!isAdmin(actor) && actor.departmentCode !== r.providerDepartmentCode) {
      throw new DomainError('forbidden', `Only the providing department (${r.providerDepartmentCode}) may revoke this grant.`);
    }
    if (g.status !== 'active') return g;
    await this.endGrant(g, r, 'revoked', actorOf(actor), reason ?? null);
    return (await this.repo.grant(grantId))!;
  }

  private async endGrant(g: Grant, r: StoredResource, status: 'revoked' | 'expired', actor: string, reason: string | null): Promise<void> {
    const at = this.ctx.now();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.repo.setGrantStatus(trx, g.id, status, at))) return;
      await this.ctx.auth.revokeApiKey(trx, g.apiKeyId);
      await this.ctx.audit.record(trx, {
        actor,
        action: `catalog.share.grant-${status}`,
        target: `grant:${g.id}`,
        detail: { resourceId: r.id, reason },
      });
      await this.ctx.events.publish(trx, status === 'revoked' ? CATALOG_EVENTS.shareRevoked : CATALOG_EVENTS.shareExpired, {
        requestId: g.requestId,
        resourceId: r.id,
        providerDepartmentCode: r.providerDepartmentCode,
        consumerDepartmentCode: g.consumerDepartmentCode,
        status,
        grantId: g.id,
        reason,
      } satisfies ShareEventV1);
    });
  }

  /** Marks overdue pending requests escalated to the data bureau (a leased job); returns how many. */
  async escalateOverdue(): Promise<number> {
    const now = this.ctx.now();
    const bureau = await this.bureauCode();
    let n = 0;
    for (const req of await this.repo.overdue(now, 500)) {
      await this.ctx.db.kysely.transaction().execute(async (trx) => {
        if (!(await this.repo.markEscalated(trx, req.id, now))) return;
        n++;
        await this.ctx.audit.record(trx, {
          actor: 'system',
          action: 'catalog.share.escalated',
          target: `share-request:${req.id}`,
          detail: { dueAt: req.dueAt, bureau, provider: req.providerDepartmentCode },
        });
        await this.ctx.events.publish(trx, CATALOG_EVENTS.shareEscalated, { ...this.eventOf(req), escalatedTo: bureau } as ShareEventV1);
      });
    }
    return n;
  }

  /** Ends grants whose period is over and revokes their keys (reads are refused at once anyway). */
  async expireGrants(): Promise<number> {
    const expired = await this.repo.expiredGrants(this.ctx.now(), 500);
    for (const g of expired) {
      const r = await this.resources.get(g.resourceId);
      if (r) await this.endGrant(g, r, 'expired', 'system', null);
    }
    return expired.length;
  }

  /** Requests of the caller's department: received (inbox), sent (outbox), or all (bureau / admin). */
  async list(
    actor: Principal,
    q: { box: ShareBox; status?: ShareStatus; resourceId?: string; limit: number; cursor?: string },
  ): Promise<{ items: ShareRequestView[]; next: string | null }> {
    const dept = actor.departmentCode;
    if (q.box === 'all' && !(await this.isSupervisor(actor))) {
      throw new DomainError('forbidden', 'Only the data bureau and administrators see every share request; use box=inbox or box=outbox.');
    }
    if (q.box !== 'all' && !dept) return { items: [], next: null };
    const rows = await this.repo.requests({
      providerDepartmentCode: q.box === 'inbox' ? dept! : undefined,
      consumerDepartmentCode: q.box === 'outbox' ? dept! : undefined,
      status: q.status,
      resourceId: q.resourceId,
      beforeId: decodeCursor(q.cursor),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const items: ShareRequestView[] = [];
    for (const req of page) {
      const r = await this.resources.get(req.resourceId);
      if (r) items.push(this.view(req, r));
    }
    return { items, next: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null };
  }

  async get(actor: Principal, id: string): Promise<ShareRequestView> {
    const req = await this.repo.request(id);
    const mine = req && (actor.departmentCode === req.providerDepartmentCode || actor.departmentCode === req.consumerDepartmentCode);
    if (!req || (!mine && !(await this.isSupervisor(actor)))) throw new DomainError('not_found', `Share request ${id} does not exist`);
    const r = await this.resources.get(req.resourceId);
    return this.view(req, r!);
  }

  /** Grants given (provider side), received (consumer side) or all. */
  async grants(actor: Principal, box: ShareBox, resourceId?: string): Promise<Grant[]> {
    const now = this.ctx.now();
    const mark = (gs: Grant[]) =>
      gs.map((g) => (g.status === 'active' && Date.parse(g.until) <= now ? { ...g, status: 'expired' as const } : g));
    if (box === 'all') {
      if (!(await this.isSupervisor(actor))) throw new DomainError('forbidden', 'Only the data bureau and administrators see every grant.');
      return mark(await this.repo.grants({ resourceId, limit: 1000 }));
    }
    if (!actor.departmentCode) return [];
    if (box === 'outbox') return mark(await this.repo.grants({ consumerDepartmentCode: actor.departmentCode, resourceId, limit: 1000 }));
    const own = (await this.resources.all()).filter((r) => r.providerDepartmentCode === actor.departmentCode).map((r) => r.id);
    return mark(await this.repo.grants({ providerResourceIds: resourceId ? own.filter((x) => x === resourceId) : own, limit: 1000 }));
  }

  /** All requests (bureau overview). */
  async allRequests(status?: ShareStatus): Promise<ShareRequest[]> {
    return this.repo.requests({ status, limit: 100_000 });
  }

  private view(req: ShareRequest, r: StoredResource): ShareRequestView {
    return {
      ...req,
      resourceCode: r.code,
      resourceName: r.name,
      overdue: req.status === 'pending' && Date.parse(req.dueAt) < this.ctx.now(),
    };
  }

  private eventOf(req: ShareRequest & { status: ShareStatus }): ShareEventV1 {
    return {
      requestId: req.id,
      resourceId: req.resourceId,
      providerDepartmentCode: req.providerDepartmentCode,
      consumerDepartmentCode: req.consumerDepartmentCode,
      status: req.status,
      grantId: req.grantId,
    };
  }
}
