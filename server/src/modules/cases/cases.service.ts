/**
 * Cases: intake (category, place, grid, department, deadline, number), reads with department
 * scoping and caller masking, and transitions through the table in `workflow.ts`. Every change
 * writes its timeline row, audit record and outbox event in one transaction.
 *
 * Open311 and the sensor path call `create` like the HTTP route does, so every entry path gets
 * the same routing, numbering and history.
 */
import type { Kysely } from 'kysely';
import { actorOf, hasPermission, type Principal } from '../../kernel/auth/index.js';
import { DomainError, type FieldError } from '../../kernel/errors.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import type { CalendarService } from '../calendar/index.js';
import type { GeoService } from '../geo/index.js';
import { canSee, callerFor, isDepartmentScoped } from './case-access.js';
import type { CaseDetail, CaseListQuery, CaseRecord, CaseView, CreateCaseInput, TransitionInput } from './case-types.js';
import { CasesRepository } from './cases.repository.js';
import type { CategoriesService } from './categories/categories.service.js';
import type { Category } from './categories/category-types.js';
import { UNAVAILABLE_CLASSIFIER, type CaseClassifierPort } from './classification.js';
import type { DepartmentDirectory } from './department-directory.js';
import { DUPLICATE_WINDOW_MS, findDuplicates, type DuplicateProbe, type DuplicateSuggestion } from './duplicate-finder.js';
import { CASE_EVENTS, type CaseEventV1 } from './events.js';
import {
  CASE_STATUSES,
  CLOCK_STATUSES,
  OPEN_STATUSES,
  STATUS_LABELS,
  actionsFrom,
  targetOf,
  transitionOf,
  type CaseStatus,
  type TransitionDef,
} from './workflow.js';

/** Longest description (Open311 allows 4000 characters). */
export const DESCRIPTION_MAX = 4000;
const COMMENT_MAX = 2000;
const SHANGHAI = 8 * 3_600_000;

/** The system acting on its own (sweeps, sensor intake). */
export interface SystemActor {
  system: true;
  name: string;
}
export type Actor = Principal | SystemActor | null;

const isSystem = (a: Actor): a is SystemActor => !!a && (a as SystemActor).system === true;
const principalOf = (a: Actor): Principal | null => (isSystem(a) ? null : a);
const actorId = (a: Actor): string => (isSystem(a) ? 'system' : actorOf(a));
const actorName = (a: Actor): string | null => (isSystem(a) ? a.name : (a?.displayName ?? a?.username ?? null));

export interface CasesServiceDeps {
  ctx: KernelContext;
  geo: GeoService;
  calendar: CalendarService;
  categories: CategoriesService;
  departments: DepartmentDirectory;
}

/** A page of cases. */
export interface CasePage {
  items: CaseView[];
  next: string | null;
  total: number;
}

/** What the public status lookup shows: nothing personal. */
export interface PublicStatus {
  number: string;
  status: CaseStatus;
  statusLabel: string;
  categoryName: string | null;
  createdAt: string;
  deadline: string;
  closedAt: string | null;
  timeline: Array<{ action: string; status: CaseStatus; statusLabel: string; at: string }>;
}

export class CasesService {
  readonly repo: CasesRepository;
  /** The classifier port; replaced once a classifier is wired (see index.ts). */
  classifier: CaseClassifierPort = UNAVAILABLE_CLASSIFIER;

  constructor(private readonly deps: CasesServiceDeps) {
    this.repo = new CasesRepository(deps.ctx.db);
  }

  /**
   * The same service on another clock: the demo history is written "in the past" through the
   * ordinary intake and transitions, so it carries real timelines, audit records and events.
   */
  withClock(now: () => number): CasesService {
    const copy = new CasesService({ ...this.deps, ctx: { ...this.deps.ctx, now } });
    copy.classifier = this.classifier;
    return copy;
  }

  private get ctx(): KernelContext {
    return this.deps.ctx;
  }

  // ---------------------------------------------------------------- intake

  /** Registers a new case (CONTRACT.md `POST /cases`). */
  async create(actor: Actor, input: CreateCaseInput, opts: { sourceAlarmId?: string; classifiedBy?: 'mapping' } = {}): Promise<CaseDetail> {
    const errors: FieldError[] = [];
    const description = (input.description ?? '').trim();
    if (!description) errors.push({ path: '/body/description', message: 'must not be empty' });
    if (description.length > DESCRIPTION_MAX) errors.push({ path: '/body/description', message: `at most ${DESCRIPTION_MAX} characters` });
    if (input.caller?.phone !== undefined && !/^[0-9+\-\s]{3,20}$/.test(input.caller.phone))
      errors.push({ path: '/body/caller/phone', message: 'must be a phone number (digits, +, -)' });
    if (errors.length) throw new DomainError('invalid', 'The case has problems', errors);

    // Category: the operator's choice, or the classifier's best guess.
    let category: Category | undefined;
    let classifiedBy: CaseRecord['classifiedBy'] = opts.classifiedBy ?? 'operator';
    let classifierScore: number | null = null;
    if (input.categoryCode !== undefined) {
      category = this.deps.categories.get(input.categoryCode);
      if (!category || !category.parentCode || !category.enabled)
        throw new DomainError('invalid', `No enabled 小类 ${input.categoryCode}`, [
          { path: '/body/categoryCode', message: 'must be an enabled 小类 code from GET /cases/categories' },
        ]);
    } else {
      if (!this.classifier.available)
        throw new DomainError('invalid', 'Automatic classification is not available on this installation: choose a category', [
          { path: '/body/categoryCode', message: 'is required while automatic classification is unavailable' },
        ]);
      let guesses: Array<{ label: string; score: number }> = [];
      try {
        guesses = await this.classifier.classify(description, 3);
      } catch (e) {
        // A classifier that failed to train must not block intake: the operator chooses instead.
        this.ctx.logger.warn({ err: e }, 'case classifier unavailable at intake');
      }
      const best = guesses.find((g) => this.deps.categories.get(g.label)?.parentCode && this.deps.categories.get(g.label)?.enabled);
      if (!best)
        throw new DomainError('invalid', 'The classifier found no category: choose one', [
          { path: '/body/categoryCode', message: 'is required for this text' },
        ]);
      category = this.deps.categories.get(best.label)!;
      classifiedBy = 'classifier';
      classifierScore = best.score;
    }

    // Place: a position locates the grid; an address is geocoded to one.
    let lon: number | null = input.location?.lon ?? null;
    let lat: number | null = input.location?.lat ?? null;
    const address = input.address?.trim() || null;
    if (lon === null && address) {
      const hit = this.deps.geo.geocode(address, 1).candidates[0];
      if (hit) {
        lon = hit.lon;
        lat = hit.lat;
      }
    }
    const loc = lon !== null && lat !== null ? this.deps.geo.locate(lon, lat) : null;
    if (input.location && !loc)
      throw new DomainError('invalid', 'The position is outside the city', [{ path: '/body/location', message: 'is outside the city' }]);
    for (const f of category.requiredFields) {
      if (f === 'location' && !loc)
        errors.push({
          path: address ? '/body/address' : '/body/location',
          message: address ? 'could not be located; give a position' : `is required for category ${category.code}`,
        });
      if (f === 'address' && !address) errors.push({ path: '/body/address', message: `is required for category ${category.code}` });
      if (f === 'caller.phone' && !input.caller?.phone)
        errors.push({ path: '/body/caller/phone', message: `is required for category ${category.code}` });
      if (f === 'caller.name' && !input.caller?.name)
        errors.push({ path: '/body/caller/name', message: `is required for category ${category.code}` });
    }
    if (errors.length) throw new DomainError('invalid', 'The case misses what its category requires', errors);

    const areaCodes = [loc?.grid?.code, loc?.community?.code, loc?.street?.code, loc?.district?.code].filter((c): c is string => !!c);
    const department = await this.deps.categories.route(category, areaCodes);
    const limit = this.deps.categories.limitOf(category);
    const now = this.ctx.now();
    const phone = input.caller?.phone?.replace(/\s/g, '') || null;
    const id = newId(now);

    const record: CaseRecord = {
      id,
      number: '',
      channel: input.channel,
      requestType: input.requestType ?? null,
      status: 'reported',
      outcome: null,
      categoryCode: category.code,
      classifiedBy,
      classifierScore,
      description,
      lon: loc ? lon : null,
      lat: loc ? lat : null,
      address,
      districtCode: loc?.district?.code ?? null,
      streetCode: loc?.street?.code ?? null,
      communityCode: loc?.community?.code ?? null,
      gridCode: loc?.grid?.code ?? null,
      departmentCode: department?.code ?? null,
      departmentName: department?.name ?? null,
      callerName: input.caller?.name?.trim() || null,
      callerPhone: phone,
      callerPhoneLast4: phone ? phone.replace(/\D/g, '').slice(-4) : null,
      confidential: input.confidential ?? false,
      createdBy: actorId(actor),
      createdAt: now,
      updatedAt: now,
      limitUnit: limit.unit,
      limitAmount: limit.amount,
      clockFrom: now,
      deadlineAt: this.deps.calendar.addLimit(now, limit),
      dispatchedAt: null,
      handledAt: null,
      closedAt: null,
      card: 'none',
      urgedAt: null,
      escalatedAt: null,
      reworkCount: 0,
      returnCount: 0,
      extensionCount: 0,
      satisfaction: null,
      mergedInto: null,
      suspendedFrom: null,
      pendingExtensionDays: null,
      sourceAlarmId: opts.sourceAlarmId ?? null,
      version: 0,
    };

    await this.deps.departments.warm();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const day = new Date(now + SHANGHAI).toISOString().slice(0, 10).replace(/-/g, '');
      record.number = `ZC${day}${String(await this.repo.nextSequence(trx, day)).padStart(5, '0')}`;
      await this.repo.insert(trx, record);
      await this.record(trx, record, actor, 'create', null, 'reported', null, { channel: record.channel, classifiedBy, classifierScore });
      // The operator's one-go buttons run the ordinary transitions, with their own checks.
      if (input.answer !== undefined) await this.apply(trx, record, actor, { action: 'answer', comment: input.answer });
      else if (input.register || input.dispatch) {
        const registered = await this.apply(trx, record, actor, { action: 'register' });
        if (input.dispatch) await this.apply(trx, registered, actor, { action: 'dispatch', departmentCode: input.departmentCode });
      }
    });
    return this.get(principalOf(actor), id, { audit: false });
  }

  // ---------------------------------------------------------------- reads

  /** One case with its timeline; cleartext caller reads are audited. */
  async get(viewer: Principal | null, id: string, opts: { audit?: boolean } = {}): Promise<CaseDetail> {
    const c = await this.repo.get(id);
    if (!c || !canSee(viewer, c)) throw new DomainError('not_found', `No case ${id}`);
    const view = this.view(viewer, c, true);
    if (view.cleartext && opts.audit !== false) {
      await this.ctx.audit.recordNow({
        actor: actorOf(viewer),
        action: 'cases.personal.read',
        target: `case:${c.id}`,
        detail: { number: c.number, fields: ['caller.name', 'caller.phone'] },
      });
    }
    return { ...view.view, timeline: await this.repo.timeline(id) };
  }

  /** A page of cases (CONTRACT.md `GET /cases`), callers always masked. */
  async list(viewer: Principal | null, q: CaseListQuery): Promise<CasePage> {
    const errors: FieldError[] = [];
    let statuses: CaseStatus[] | undefined;
    if (q.status) {
      statuses = [];
      for (const s of q.status.split(',').map((x) => x.trim())) {
        if (s === 'open') statuses.push(...OPEN_STATUSES);
        else if ((CASE_STATUSES as readonly string[]).includes(s)) statuses.push(s as CaseStatus);
        else errors.push({ path: '/query/status', message: `unknown status ${s}; use open or ${CASE_STATUSES.join(', ')}` });
      }
    }
    const from = q.from ? Date.parse(q.from) : undefined;
    const to = q.to ? Date.parse(q.to) : undefined;
    if (q.from && Number.isNaN(from)) errors.push({ path: '/query/from', message: 'must be an ISO-8601 time' });
    if (q.to && Number.isNaN(to)) errors.push({ path: '/query/to', message: 'must be an ISO-8601 time' });
    if (errors.length) throw new DomainError('invalid', 'Bad list filter', errors);
    const sort = q.sort ?? 'created';
    const cursor = decodeCursor(q.cursor);
    let after: { key: number; id: string } | undefined;
    if (cursor) {
      const [k, id] = cursor.split('|');
      if (!id || !/^\d+$/.test(k ?? ''))
        throw new DomainError('invalid', 'Bad cursor', [{ path: '/query/cursor', message: 'is not a cursor of this list' }]);
      after = { key: Number(k), id };
    }
    const limit = q.limit ?? 50;
    const scoped = isDepartmentScoped(viewer);
    const { rows, total } = await this.repo.list({
      statuses,
      departmentCode: q.departmentCode,
      gridCode: q.gridCode,
      categoryCode: q.categoryCode,
      channel: q.channel,
      card: q.card,
      from: from !== undefined ? new Date(from) : undefined,
      to: to !== undefined ? new Date(to) : undefined,
      q: q.q?.trim() || undefined,
      scopeDepartment: scoped ? (viewer!.departmentCode ?? '-') : undefined, // no department: sees nothing
      sort,
      after,
      limit,
    });
    const last = rows.at(-1);
    const next =
      rows.length === limit && last ? encodeCursor(`${sort === 'deadline' ? last.deadlineAt : last.createdAt}|${last.id}`) : null;
    return { items: rows.map((r) => this.view(viewer, r, false).view), next, total };
  }

  /** The API view of a record for a viewer. */
  view(viewer: Principal | null, c: CaseRecord, clear: boolean): { view: CaseView; cleartext: boolean } {
    const { caller, cleartext } = callerFor(viewer, c, clear);
    const cat = this.deps.categories.get(c.categoryCode);
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      cleartext,
      view: {
        id: c.id,
        number: c.number,
        channel: c.channel,
        requestType: c.requestType,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        outcome: c.outcome,
        categoryCode: c.categoryCode,
        categoryName: cat?.name ?? null,
        classification: { by: c.classifiedBy, score: c.classifierScore },
        description: c.description,
        location: c.lon !== null && c.lat !== null ? { lon: c.lon, lat: c.lat } : null,
        address: c.address,
        districtCode: c.districtCode,
        streetCode: c.streetCode,
        communityCode: c.communityCode,
        grid: c.gridCode ? { code: c.gridCode } : null,
        department: c.departmentCode ? { code: c.departmentCode, name: c.departmentName ?? c.departmentCode } : null,
        caller,
        confidential: c.confidential,
        createdBy: c.createdBy,
        createdAt: new Date(c.createdAt).toISOString(),
        updatedAt: new Date(c.updatedAt).toISOString(),
        limit: { unit: c.limitUnit, amount: c.limitAmount },
        deadline: new Date(c.deadlineAt).toISOString(),
        dispatchedAt: iso(c.dispatchedAt),
        handledAt: iso(c.handledAt),
        closedAt: iso(c.closedAt),
        card: c.card,
        timeUsed: CLOCK_STATUSES.includes(c.status) ? Math.round(this.timeUsed(c, this.ctx.now()) * 1000) / 1000 : null,
        urgedAt: iso(c.urgedAt),
        escalatedAt: iso(c.escalatedAt),
        reworkCount: c.reworkCount,
        returnCount: c.returnCount,
        extensionCount: c.extensionCount,
        pendingExtensionDays: c.pendingExtensionDays,
        satisfaction: c.satisfaction,
        mergedInto: c.mergedInto,
        sourceAlarmId: c.sourceAlarmId,
        allowedActions: this.allowedActions(viewer, c),
      },
    };
  }

  /** Share of the working time between the clock start and the deadline that is used at `at`. */
  timeUsed(c: CaseRecord, at: number): number {
    if (at >= c.deadlineAt) return Math.max(1, this.ratio(c, at));
    return this.ratio(c, at);
  }

  private ratio(c: CaseRecord, at: number): number {
    const total = this.deps.calendar.workingTimeBetween(c.clockFrom, c.deadlineAt);
    if (total <= 0) return at >= c.deadlineAt ? 1 : 0;
    return this.deps.calendar.workingTimeBetween(c.clockFrom, at) / total;
  }

  /** Actions the viewer may take on the case now. */
  allowedActions(viewer: Principal | null, c: CaseRecord): string[] {
    return actionsFrom(c.status, c.requestType === 'consult').filter((a) => {
      const def = transitionOf(a)!;
      if (!def.permissions.some((p) => hasPermission(viewer, p))) return false;
      if (def.departmentAction && isDepartmentScoped(viewer) && viewer!.departmentCode !== c.departmentCode) return false;
      return true;
    });
  }

  // ---------------------------------------------------------------- transitions

  /** Applies one action (CONTRACT.md `POST /cases/{id}/transitions`). */
  async transition(actor: Actor, id: string, input: TransitionInput): Promise<CaseDetail> {
    const viewer = principalOf(actor);
    await this.deps.departments.warm();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const c = await this.repo.get(id, trx, true);
      if (!c || (!isSystem(actor) && !canSee(viewer, c))) throw new DomainError('not_found', `No case ${id}`);
      await this.apply(trx, c, actor, input);
    });
    return this.get(viewer, id, { audit: false });
  }

  /** Checks and applies one transition inside `trx`; returns the updated record. */
  private async apply(trx: Kysely<any>, c: CaseRecord, actor: Actor, input: TransitionInput): Promise<CaseRecord> {
    const def = transitionOf(input.action);
    if (!def)
      throw new DomainError('invalid', `Unknown action ${input.action}`, [
        { path: '/body/action', message: 'is not an action of the case workflow' },
      ]);
    const consultation = c.requestType === 'consult';
    if (!def.from.includes(c.status) || (def.consultationOnly && !consultation)) {
      const allowed = actionsFrom(c.status, consultation);
      throw new DomainError(
        'conflict',
        `Case ${c.number} is ${STATUS_LABELS[c.status]} (${c.status}): ${def.action} (${def.label}) is not possible now; possible: ${allowed.join(', ') || 'none'}`,
        [],
        { extra: { currentStatus: c.status, allowedActions: allowed } },
      );
    }
    const viewer = principalOf(actor);
    if (!isSystem(actor)) {
      if (!def.permissions.some((p) => hasPermission(viewer, p)))
        throw new DomainError('forbidden', `${def.label} (${def.action}) needs one of the permissions ${def.permissions.join(', ')}`);
      if (def.departmentAction && isDepartmentScoped(viewer) && viewer!.departmentCode !== c.departmentCode)
        throw new DomainError('forbidden', `Only the department the case is dispatched to may ${def.action} it`);
    }
    const errors: FieldError[] = [];
    for (const f of def.requires) {
      const v = (input as unknown as Record<string, unknown>)[f];
      if (v === undefined || v === null || (typeof v === 'string' && !v.trim()))
        errors.push({ path: `/body/${f}`, message: `is required for ${def.action}` });
    }
    for (const f of ['comment', 'reason'] as const) {
      if ((input[f]?.length ?? 0) > COMMENT_MAX) errors.push({ path: `/body/${f}`, message: `at most ${COMMENT_MAX} characters` });
    }
    if (errors.length) throw new DomainError('invalid', `${def.action} needs ${def.requires.join(', ')}`, errors);

    const now = this.ctx.now();
    const to = targetOf(def, c.status, c.suspendedFrom);
    const patch: Partial<CaseRecord> = { status: to, updatedAt: now };
    const detail: Record<string, unknown> = {};
    await this.effect(trx, def, c, input, patch, detail, now);

    if (!(await this.repo.update(trx, c.id, c.version, patch)))
      throw new DomainError('conflict', `Case ${c.number} was changed by somebody else meanwhile; reload and try again`);
    const next: CaseRecord = { ...c, ...patch, version: c.version + 1 };
    const comment = input.comment?.trim() || input.reason?.trim() || null;
    await this.record(trx, next, actor, def.action, c.status, to, comment, detail);

    // A closing original takes its merged duplicates with it, and their reporters are told.
    if (to === 'closed' || to === 'cancelled') await this.closeMerged(trx, next, now);
    return next;
  }

  /** The extra changes an action makes (deadline, counters, department). */
  private async effect(
    trx: Kysely<any>,
    def: TransitionDef,
    c: CaseRecord,
    input: TransitionInput,
    patch: Partial<CaseRecord>,
    detail: Record<string, unknown>,
    now: number,
  ): Promise<void> {
    const limit = { unit: c.limitUnit, amount: c.limitAmount };
    switch (def.effect) {
      case 'dispatch': {
        const code = input.departmentCode ?? c.departmentCode;
        if (!code)
          throw new DomainError('invalid', 'No department was routed for this case: choose one', [
            { path: '/body/departmentCode', message: 'is required: routing found no department' },
          ]);
        const dept = this.deps.departments.peek(code);
        if (!dept)
          throw new DomainError('invalid', `No active department ${code}`, [
            { path: '/body/departmentCode', message: `no active department ${code}` },
          ]);
        if (def.action === 'reassign' && dept.code === c.departmentCode)
          throw new DomainError('invalid', 'The case is with that department already', [
            { path: '/body/departmentCode', message: 'must differ from the current department' },
          ]);
        // The time limit runs from the dispatch: the department cannot act on a case before it has it.
        Object.assign(patch, {
          departmentCode: dept.code,
          departmentName: dept.name,
          dispatchedAt: now,
          clockFrom: now,
          deadlineAt: this.deps.calendar.addLimit(now, limit),
          card: 'none',
          urgedAt: null,
          escalatedAt: null,
        });
        Object.assign(detail, { departmentCode: dept.code, departmentName: dept.name, previousDepartmentCode: c.departmentCode });
        break;
      }
      case 'handled':
        patch.handledAt = now;
        break;
      case 'return_approved':
        Object.assign(patch, { returnCount: c.returnCount + 1, departmentCode: null, departmentName: null, card: 'none' });
        detail.returnedBy = c.departmentCode;
        break;
      case 'extension_requested': {
        const days = input.extensionDays;
        if (!Number.isInteger(days) || days! < 1 || days! > 60)
          throw new DomainError('invalid', 'Bad extension', [
            { path: '/body/extensionDays', message: 'must be a whole number of working days, 1 to 60' },
          ]);
        patch.pendingExtensionDays = days!;
        detail.extensionDays = days;
        break;
      }
      case 'extension_approved': {
        const days = c.pendingExtensionDays ?? 0;
        const deadlineAt = this.deps.calendar.addWorkingDays(c.deadlineAt, days);
        Object.assign(patch, { deadlineAt, pendingExtensionDays: null, extensionCount: c.extensionCount + 1, card: 'none' });
        Object.assign(detail, {
          extensionDays: days,
          previousDeadline: new Date(c.deadlineAt).toISOString(),
          deadline: new Date(deadlineAt).toISOString(),
        });
        break;
      }
      case 'extension_rejected':
        patch.pendingExtensionDays = null;
        break;
      case 'rework':
        // 重办: the department gets the case back with a fresh time limit; the rework is counted (返工率).
        Object.assign(patch, {
          reworkCount: c.reworkCount + 1,
          handledAt: null,
          closedAt: null,
          outcome: null,
          satisfaction: null,
          clockFrom: now,
          deadlineAt: this.deps.calendar.addLimit(now, limit),
          card: 'none',
        });
        break;
      case 'close_fixed':
        Object.assign(patch, { outcome: 'fixed', closedAt: now });
        break;
      case 'close_not_fixed':
        Object.assign(patch, { outcome: 'not_fixed', closedAt: now });
        break;
      case 'answer':
        Object.assign(patch, { outcome: 'answered', closedAt: now });
        break;
      case 'cancel':
        patch.closedAt = now;
        break;
      case 'suspend':
        patch.suspendedFrom = c.status;
        break;
      case 'urge':
        patch.urgedAt = now;
        break;
      case 'escalate':
        patch.escalatedAt = now;
        break;
      case 'visit':
        if (!['satisfied', 'basically_satisfied', 'dissatisfied'].includes(input.satisfaction ?? ''))
          throw new DomainError('invalid', 'Bad satisfaction', [
            { path: '/body/satisfaction', message: 'must be satisfied, basically_satisfied or dissatisfied' },
          ]);
        patch.satisfaction = input.satisfaction!;
        detail.satisfaction = input.satisfaction;
        break;
      case 'merge': {
        const into = input.intoId ? await this.repo.get(input.intoId, trx) : null;
        if (!into || into.id === c.id)
          throw new DomainError('invalid', 'Unknown original case', [{ path: '/body/intoId', message: 'must be the id of another case' }]);
        if (into.mergedInto || !OPEN_STATUSES.includes(into.status))
          throw new DomainError(
            'conflict',
            `Case ${into.number} is ${STATUS_LABELS[into.status]}: only an open original can take duplicates`,
          );
        Object.assign(patch, { mergedInto: into.id, card: 'none' });
        Object.assign(detail, { intoId: into.id, intoNumber: into.number });
        // Duplicates merged into this one follow it to the new original.
        for (const d of await this.repo.mergedInto(c.id, trx))
          await this.repo.update(trx, d.id, d.version, { mergedInto: into.id, updatedAt: now });
        await this.notify(trx, c, `您反映的问题（${c.number}）与 ${into.number} 为同一问题，已合并办理，办结后将一并告知。`, now);
        break;
      }
      default:
        break;
    }
    if (def.action === 'resume') patch.suspendedFrom = null;
  }

  /** Closes duplicates merged into `original` with it and tells their reporters. */
  private async closeMerged(trx: Kysely<any>, original: CaseRecord, now: number): Promise<void> {
    for (const d of await this.repo.mergedInto(original.id, trx)) {
      if (d.status !== 'merged') continue;
      const patch: Partial<CaseRecord> = { status: 'closed', outcome: 'merged', closedAt: now, updatedAt: now };
      if (!(await this.repo.update(trx, d.id, d.version, patch)))
        throw new DomainError('conflict', `Case ${d.number} changed meanwhile; try again`);
      const next = { ...d, ...patch, version: d.version + 1 };
      await this.record(trx, next, { system: true, name: '系统' }, 'close_merged', 'merged', 'closed', `随 ${original.number} 一并结案`, {
        originalId: original.id,
        outcome: original.outcome,
      });
      await this.notify(trx, d, `您反映的问题（${d.number}）已随 ${original.number} 一并办结。`, now);
    }
  }

  /** Records a message to a case's reporter (an SMS gateway sends the rows; none when anonymous). */
  private async notify(trx: Kysely<any>, c: CaseRecord, message: string, now: number): Promise<void> {
    await this.repo.insertNotification(trx, {
      id: newId(now),
      caseId: c.id,
      channel: c.callerPhone ? 'sms' : 'none',
      recipient: c.callerPhone,
      message,
      at: now,
    });
  }

  /** Timeline row + audit record + outbox event, in `trx`. */
  private async record(
    trx: Kysely<any>,
    c: CaseRecord,
    actor: Actor,
    action: string,
    from: CaseStatus | null,
    to: CaseStatus,
    comment: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const at = this.ctx.now();
    const by = actorId(actor);
    await this.repo.insertTransition(trx, c.id, { action, from, to, at, by, byName: actorName(actor), comment, detail });
    await this.ctx.audit.record(trx, {
      actor: by,
      action: `cases.case.${action}`,
      target: `case:${c.id}`,
      detail: { number: c.number, from, to, comment, ...detail },
    });
    const payload: CaseEventV1 = {
      caseId: c.id,
      number: c.number,
      action,
      from,
      to,
      at: new Date(at).toISOString(),
      by,
      categoryCode: c.categoryCode,
      departmentCode: c.departmentCode,
      gridCode: c.gridCode,
      channel: c.channel,
      deadline: new Date(c.deadlineAt).toISOString(),
      location: c.lon !== null && c.lat !== null ? { lon: c.lon, lat: c.lat } : null,
    };
    await this.ctx.events.publish(trx, action === 'create' ? CASE_EVENTS.created : CASE_EVENTS.transition(action), payload);
  }

  // ---------------------------------------------------------------- duplicates, status, notifications

  /** Open cases that look like the same problem as `probe` (same category, place, similar text, recent). */
  async duplicatesFor(probe: DuplicateProbe & { categoryCode: string }): Promise<DuplicateSuggestion[]> {
    const since = this.ctx.now() - DUPLICATE_WINDOW_MS;
    const candidates = await this.repo.recentOpen(probe.categoryCode, since, OPEN_STATUSES);
    return findDuplicates(probe, candidates);
  }

  /** `GET /cases/{id}/duplicates`. */
  async duplicatesOf(viewer: Principal | null, id: string): Promise<DuplicateSuggestion[]> {
    const c = await this.repo.get(id);
    if (!c || !canSee(viewer, c)) throw new DomainError('not_found', `No case ${id}`);
    return this.duplicatesFor({
      id: c.id,
      description: c.description,
      gridCode: c.gridCode,
      lon: c.lon,
      lat: c.lat,
      categoryCode: c.categoryCode,
    });
  }

  /** `POST /cases/duplicate-check` at intake, before the case exists. */
  async duplicateCheck(input: {
    description: string;
    categoryCode: string;
    location?: { lon: number; lat: number };
    address?: string;
  }): Promise<DuplicateSuggestion[]> {
    if (!this.deps.categories.get(input.categoryCode))
      throw new DomainError('invalid', `No category ${input.categoryCode}`, [{ path: '/body/categoryCode', message: 'unknown category' }]);
    let lon = input.location?.lon ?? null;
    let lat = input.location?.lat ?? null;
    if (lon === null && input.address) {
      const hit = this.deps.geo.geocode(input.address, 1).candidates[0];
      if (hit) ({ lon, lat } = hit);
    }
    const loc = lon !== null && lat !== null ? this.deps.geo.locate(lon, lat) : null;
    return this.duplicatesFor({
      description: input.description,
      gridCode: loc?.grid?.code ?? null,
      lon: loc ? lon : null,
      lat: loc ? lat : null,
      categoryCode: input.categoryCode,
    });
  }

  /** The public status page: number + last 4 digits of the reporter's phone; nothing personal. */
  async publicStatus(number: string, phoneLast4: string): Promise<PublicStatus> {
    const c = await this.repo.byNumber(number.trim().toUpperCase());
    // One answer for "no such number" and "wrong digits", so numbers cannot be probed.
    if (!c || !c.callerPhoneLast4 || c.callerPhoneLast4 !== phoneLast4)
      throw new DomainError('not_found', 'No case with this number and phone');
    const timeline = await this.repo.timeline(c.id);
    return {
      number: c.number,
      status: c.status,
      statusLabel: STATUS_LABELS[c.status],
      categoryName: this.deps.categories.get(c.categoryCode)?.name ?? null,
      createdAt: new Date(c.createdAt).toISOString(),
      deadline: new Date(c.deadlineAt).toISOString(),
      closedAt: c.closedAt === null ? null : new Date(c.closedAt).toISOString(),
      // Actions and times only: comments may name staff or other people.
      timeline: timeline.map((t) => ({ action: t.action, status: t.to, statusLabel: STATUS_LABELS[t.to], at: t.at })),
    };
  }

  /** Messages recorded for a case's reporter. */
  async notifications(viewer: Principal | null, id: string) {
    const c = await this.repo.get(id);
    if (!c || !canSee(viewer, c)) throw new DomainError('not_found', `No case ${id}`);
    const items = await this.repo.notifications(id);
    const clear = hasPermission(viewer, 'cases.personal.read') && !c.confidential;
    return items.map((n) => ({
      ...n,
      recipient: clear ? n.recipient : n.recipient ? `${n.recipient.slice(0, 3)}****${n.recipient.slice(-4)}` : null,
    }));
  }

  /**
   * The caller's earlier cases (intake shows them): by the full phone number, so only roles that
   * may read phones in clear ask; the read is audited like any cleartext read.
   */
  async callerHistory(viewer: Principal | null, phone: string, limit = 20): Promise<CaseView[]> {
    const p = phone.replace(/\s/g, '');
    if (!/^[0-9+-]{3,20}$/.test(p))
      throw new DomainError('invalid', 'Bad phone', [{ path: '/query/phone', message: 'must be a phone number' }]);
    const rows = (await this.repo.byCallerPhone(p, limit)).filter((c) => canSee(viewer, c));
    await this.ctx.audit.recordNow({
      actor: actorOf(viewer),
      action: 'cases.caller_history.read',
      target: 'cases',
      detail: { phone: `${p.slice(0, 3)}****${p.slice(-4)}`, found: rows.length },
    });
    return rows.map((c) => this.view(viewer, c, false).view);
  }

  /** Training samples for the classifier: closed cases' text and final category. */
  closedSamples(limit = 20_000): Promise<Array<{ text: string; label: string }>> {
    return this.repo.closedSamples(limit);
  }
}
