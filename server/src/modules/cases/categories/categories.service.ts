/**
 * The case taxonomy: seeded once from the shipped defaults (codes unchanged), then managed by
 * administrators. Kept in memory because intake reads it on every case; every change is audited
 * and announced in the same transaction.
 */
import type { Kysely } from 'kysely';
import { actorOf, type Principal } from '../../../kernel/auth/principal.js';
import { DomainError, type FieldError } from '../../../kernel/errors.js';
import type { KernelContext } from '../../../kernel/module.js';
import type { DepartmentDirectory, DepartmentRef } from '../department-directory.js';
import { CategoriesRepository } from './categories.repository.js';
import {
  CATEGORY_FIELDS,
  CATEGORY_KINDS,
  parseLimitText,
  type Category,
  type CategoryField,
  type CategoryKind,
  type CategoryLimit,
  type CategoryNode,
  type RoutingRule,
} from './category-types.js';
import { DEFAULT_CATEGORIES } from './default-categories.js';

/** Event announcing a taxonomy change. */
export const CATEGORY_CHANGED = 'cases.category.changed.v1';

/** Fields a create or update may set. */
export interface CategoryInput {
  code?: string;
  parentCode?: string | null;
  name?: string;
  kind?: CategoryKind;
  departmentCode?: string | null;
  limit?: CategoryLimit | null;
  requiredFields?: string[];
  routingRules?: RoutingRule[];
  enabled?: boolean;
}

/** Sensor alarm → category, seeded for the built-in device types. */
export const DEFAULT_ALARM_MAPPINGS: ReadonlyArray<[string, string, string]> = [
  ['ManholeCover', 'open', '0103'],
  ['ManholeCover', 'tilt', '0103'],
  ['ManholeCover', 'water', '1404'],
  ['WaterLevel', 'level', '1404'],
];

/** A consultation's limit in use (reference: consultation 3 working days) when a category has none. */
export const FALLBACK_LIMIT: CategoryLimit = { unit: 'days', amount: 3 };

export class CategoriesService {
  readonly repo: CategoriesRepository;
  #all: Category[] = [];
  #byCode = new Map<string, Category>();

  constructor(
    private readonly ctx: KernelContext,
    private readonly departments: DepartmentDirectory,
  ) {
    this.repo = new CategoriesRepository(ctx.db);
  }

  /** Seeds the defaults on an empty table, then loads the taxonomy. */
  async start(): Promise<void> {
    const at = new Date(this.ctx.now());
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if ((await this.repo.count(trx)) > 0) return;
      for (const top of DEFAULT_CATEGORIES) {
        await this.repo.insert(trx, this.seedRow(top.code, null, top.name, top.kind, null, null), at);
        for (const c of top.children)
          await this.repo.insert(trx, this.seedRow(c.code, top.code, c.name, top.kind, c.department, parseLimitText(c.limit)), at);
      }
      for (const [type, prop, code] of DEFAULT_ALARM_MAPPINGS) await this.repo.setMapping(trx, type, prop, code);
    });
    await this.reload();
  }

  private seedRow(
    code: string,
    parentCode: string | null,
    name: string,
    kind: CategoryKind,
    department: string | null,
    limit: CategoryLimit | null,
  ): Category {
    return {
      code,
      parentCode,
      name,
      kind,
      departmentCode: null,
      departmentName: department,
      limit,
      // A grid case without a position cannot be routed to its grid's department or verified on site.
      requiredFields: parentCode && kind !== 'hotline' ? ['location'] : [],
      routingRules: [],
      enabled: true,
    };
  }

  async reload(): Promise<void> {
    this.#all = await this.repo.all();
    this.#byCode = new Map(this.#all.map((c) => [c.code, c]));
  }

  /** A category by code (enabled or not), or undefined. */
  get(code: string): Category | undefined {
    return this.#byCode.get(code);
  }

  /** Every category, flat. */
  list(): Category[] {
    return [...this.#all];
  }

  /** The two-level tree. */
  tree(includeDisabled = true): CategoryNode[] {
    const visible = this.#all.filter((c) => includeDisabled || c.enabled);
    return visible
      .filter((c) => c.parentCode === null)
      .map((top) => ({ ...top, children: visible.filter((c) => c.parentCode === top.code) }));
  }

  /**
   * The department for a case of `category` at a place: the most specific routing rule whose
   * area contains the place (codes nest: a grid code starts with its community, street and
   * district codes), else the category's default, else its 大类's default.
   */
  async route(category: Category, areaCodes: readonly string[]): Promise<DepartmentRef | null> {
    const rules = [...category.routingRules, ...(category.parentCode ? (this.get(category.parentCode)?.routingRules ?? []) : [])];
    const matching = rules
      .filter((r) => areaCodes.some((a) => a === r.areaCode || a.startsWith(r.areaCode)))
      .sort((a, b) => b.areaCode.length - a.areaCode.length);
    for (const r of matching) {
      const d = await this.departments.byCode(r.departmentCode);
      if (d) return d;
    }
    for (const c of [category, category.parentCode ? this.get(category.parentCode) : undefined]) {
      if (!c) continue;
      if (c.departmentCode) {
        const d = await this.departments.byCode(c.departmentCode);
        if (d) return d;
      }
      if (c.departmentName) {
        const d = await this.departments.byName(c.departmentName);
        if (d) return d;
      }
    }
    return null;
  }

  /** The time limit of a category (its own, its 大类's, or the fallback). */
  limitOf(category: Category): CategoryLimit {
    return category.limit ?? (category.parentCode ? this.get(category.parentCode)?.limit : null) ?? FALLBACK_LIMIT;
  }

  async create(actor: Principal | null, input: CategoryInput): Promise<Category> {
    const errors: FieldError[] = [];
    if (!input.code || !/^\d{2,8}$/.test(input.code)) errors.push({ path: '/body/code', message: 'must be 2 to 8 digits' });
    else if (this.#byCode.has(input.code)) throw new DomainError('conflict', `Category ${input.code} exists already`);
    if (!input.name?.trim()) errors.push({ path: '/body/name', message: 'is required' });
    const parentCode = input.parentCode ?? null;
    const parent = parentCode ? this.get(parentCode) : null;
    if (parentCode && !parent) errors.push({ path: '/body/parentCode', message: `no category ${parentCode}` });
    if (parent?.parentCode) errors.push({ path: '/body/parentCode', message: 'categories have two levels; the parent must be a 大类' });
    if (parent && input.code && !input.code.startsWith(parent.code))
      errors.push({ path: '/body/code', message: `must start with the parent's code ${parent.code}` });
    const kind = input.kind ?? parent?.kind;
    if (!kind || !CATEGORY_KINDS.includes(kind)) errors.push({ path: '/body/kind', message: 'must be component, event or hotline' });
    if (parent && kind && kind !== parent.kind) errors.push({ path: '/body/kind', message: `must be the parent's kind ${parent.kind}` });
    await this.checkCommon(input, errors);
    if (errors.length) throw new DomainError('invalid', 'The category has problems', errors);
    const c: Category = {
      code: input.code!,
      parentCode,
      name: input.name!.trim(),
      kind: kind!,
      departmentCode: input.departmentCode ?? null,
      departmentName: input.departmentCode ? ((await this.departments.byCode(input.departmentCode))?.name ?? null) : null,
      limit: input.limit ?? null,
      requiredFields: (input.requiredFields ?? []) as CategoryField[],
      routingRules: input.routingRules ?? [],
      enabled: input.enabled ?? true,
    };
    await this.write(actor, 'cases.category.created', c, (trx, at) => this.repo.insert(trx, c, at));
    return this.get(c.code)!;
  }

  async update(actor: Principal | null, code: string, input: CategoryInput): Promise<Category> {
    const current = this.get(code);
    if (!current) throw new DomainError('not_found', `No category ${code}`);
    const errors: FieldError[] = [];
    await this.checkCommon(input, errors);
    if (input.name !== undefined && !input.name.trim()) errors.push({ path: '/body/name', message: 'must not be empty' });
    if (errors.length) throw new DomainError('invalid', 'The category has problems', errors);
    const next: Category = {
      ...current,
      name: input.name?.trim() ?? current.name,
      limit: input.limit === undefined ? current.limit : input.limit,
      requiredFields: (input.requiredFields ?? current.requiredFields) as CategoryField[],
      routingRules: input.routingRules ?? current.routingRules,
      enabled: input.enabled ?? current.enabled,
    };
    if (input.departmentCode !== undefined) {
      next.departmentCode = input.departmentCode;
      next.departmentName = input.departmentCode ? ((await this.departments.byCode(input.departmentCode))?.name ?? null) : null;
    }
    await this.write(actor, 'cases.category.updated', next, (trx, at) => this.repo.update(trx, next, at));
    return this.get(code)!;
  }

  async delete(actor: Principal | null, code: string): Promise<void> {
    const current = this.get(code);
    if (!current) throw new DomainError('not_found', `No category ${code}`);
    if (this.#all.some((c) => c.parentCode === code))
      throw new DomainError('conflict', `Category ${code} has sub-categories; delete or move them first`);
    await this.write(actor, 'cases.category.deleted', current, async (trx) => {
      // Stored cases keep their code for ever (evaluation, history): such a category can only be disabled.
      if (await this.repo.usedByCases(trx, code))
        throw new DomainError('conflict', `Cases use category ${code}; disable it instead (enabled: false)`);
      await this.repo.delete(trx, code);
    });
  }

  private async checkCommon(input: CategoryInput, errors: FieldError[]): Promise<void> {
    if (input.departmentCode && !(await this.departments.byCode(input.departmentCode)))
      errors.push({ path: '/body/departmentCode', message: `no active department ${input.departmentCode}` });
    if (input.limit) {
      if (!['hours', 'days'].includes(input.limit.unit)) errors.push({ path: '/body/limit/unit', message: 'must be hours or days' });
      if (!(input.limit.amount > 0) || (input.limit.unit === 'days' && !Number.isInteger(input.limit.amount)))
        errors.push({ path: '/body/limit/amount', message: 'must be positive (whole days)' });
    }
    (input.requiredFields ?? []).forEach((f, i) => {
      if (!CATEGORY_FIELDS.includes(f as CategoryField))
        errors.push({ path: `/body/requiredFields/${i}`, message: `must be one of ${CATEGORY_FIELDS.join(', ')}` });
    });
    for (const [i, r] of (input.routingRules ?? []).entries()) {
      if (!/^\d{6,15}$/.test(r.areaCode))
        errors.push({ path: `/body/routingRules/${i}/areaCode`, message: 'must be an area code (6 to 15 digits)' });
      if (!(await this.departments.byCode(r.departmentCode)))
        errors.push({ path: `/body/routingRules/${i}/departmentCode`, message: `no active department ${r.departmentCode}` });
    }
  }

  private async write(
    actor: Principal | null,
    action: string,
    c: Category,
    fn: (trx: Kysely<any>, at: Date) => Promise<void>,
  ): Promise<void> {
    const at = new Date(this.ctx.now());
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await fn(trx, at);
      await this.ctx.audit.record(trx, { actor: actorOf(actor), action, target: `case-category:${c.code}`, detail: { name: c.name } });
      await this.ctx.events.publish(trx, CATEGORY_CHANGED, { code: c.code, action });
    });
    await this.reload();
  }

  /** Sets a sensor mapping (audited). */
  async setMapping(actor: Principal | null, deviceType: string, property: string, categoryCode: string): Promise<void> {
    if (!this.get(categoryCode)?.parentCode)
      throw new DomainError('invalid', `No 小类 ${categoryCode}`, [
        { path: '/body/categoryCode', message: 'must be an existing 小类 code' },
      ]);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.repo.setMapping(trx, deviceType, property, categoryCode);
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'cases.alarm_mapping.set',
        target: `alarm-mapping:${deviceType}/${property}`,
        detail: { categoryCode },
      });
    });
  }
}
