/**
 * Departments (委办局, district and street offices, enterprises, centres): the units that handle
 * cases and provide data. A department serves one org unit and may sit under a parent department.
 */
import { actorOf, type Principal } from '../../kernel/auth/index.js';
import { DomainError } from '../../kernel/errors.js';
import type { KernelContext } from '../../kernel/module.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import type { DepartmentFilter, DepartmentRow, DepartmentsRepository } from './departments.repository.js';
import { ORG_EVENTS, type DepartmentChangedV1 } from './events.js';
import { invalidField, isUniqueViolation } from './org-errors.js';
import type { ActiveStatus, Department, DepartmentKind, Page } from './org-types.js';
import type { UnitsRepository } from './units.repository.js';

export interface CreateDepartmentInput {
  code: string;
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  parentCode?: string | null;
  phone?: string | null;
}

export type UpdateDepartmentInput = Partial<{
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  parentCode: string | null;
  phone: string | null;
  status: ActiveStatus;
}>;

export interface ListDepartmentsQuery {
  q?: string;
  kind?: DepartmentKind;
  orgUnitCode?: string;
  status?: ActiveStatus;
  limit?: number;
  cursor?: string;
}

export class DepartmentsService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly departments: DepartmentsRepository,
    private readonly units: UnitsRepository,
  ) {}

  async list(query: ListDepartmentsQuery): Promise<Page<Department>> {
    const limit = query.limit ?? 50;
    const { rows, total } = await this.departments.list({
      q: query.q?.trim() || undefined,
      kind: query.kind,
      orgUnitCode: query.orgUnitCode,
      status: query.status,
      afterCode: decodeCursor(query.cursor),
      limit,
    });
    return { items: rows, next: rows.length === limit ? encodeCursor(rows[rows.length - 1]!.code) : null, total };
  }

  /** Every department matching the filter, unpaged (for other modules' routing tables). */
  async all(filter: Omit<DepartmentFilter, 'afterCode' | 'limit'> = {}): Promise<Department[]> {
    return (await this.departments.list(filter)).rows;
  }

  async find(code: string): Promise<Department | null> {
    return this.departments.find(code);
  }

  async get(code: string): Promise<Department> {
    const d = await this.departments.find(code);
    if (!d) throw new DomainError('not_found', `Department ${code} does not exist`);
    return d;
  }

  async create(actor: Principal | null, input: CreateDepartmentInput): Promise<Department> {
    const row: DepartmentRow = {
      code: input.code.trim(),
      name: input.name.trim(),
      kind: input.kind,
      orgUnitCode: input.orgUnitCode,
      parentCode: input.parentCode ?? null,
      phone: input.phone?.trim() || null,
      status: 'active',
    };
    await this.checkUnit(row.orgUnitCode);
    if (row.parentCode !== null) await this.checkParent(row.code, row.parentCode);
    if (await this.departments.exists(row.code)) throw new DomainError('conflict', `Department code ${row.code} is taken`);
    try {
      await this.ctx.db.kysely.transaction().execute(async (trx) => {
        await this.departments.insert(trx, row, new Date(this.ctx.now()));
        await this.ctx.audit.record(trx, {
          actor: actorOf(actor),
          action: 'org.department.created',
          target: `department:${row.code}`,
          detail: { ...row },
        });
        await this.ctx.events.publish(trx, ORG_EVENTS.departmentCreated, eventOf(row));
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('conflict', `Department code ${row.code} is taken`);
      throw e;
    }
    return this.get(row.code);
  }

  async update(actor: Principal | null, code: string, input: UpdateDepartmentInput): Promise<Department> {
    const current = await this.get(code);
    const patch: Partial<Omit<DepartmentRow, 'code'>> = {};
    const changed: string[] = [];
    const set = <K extends keyof typeof patch>(key: K, value: (typeof patch)[K], now: unknown) => {
      if (value !== undefined && value !== now) {
        patch[key] = value;
        changed.push(key);
      }
    };
    set('name', input.name?.trim(), current.name);
    set('kind', input.kind, current.kind);
    if (input.orgUnitCode !== undefined && input.orgUnitCode !== current.orgUnitCode) await this.checkUnit(input.orgUnitCode);
    set('orgUnitCode', input.orgUnitCode, current.orgUnitCode);
    if (input.parentCode !== undefined && input.parentCode !== null && input.parentCode !== current.parentCode) {
      await this.checkParent(code, input.parentCode);
    }
    set('parentCode', input.parentCode, current.parentCode);
    set('phone', input.phone === undefined ? undefined : input.phone?.trim() || null, current.phone);
    set('status', input.status, current.status);
    if (changed.length === 0) return current;
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.departments.update(trx, code, patch, new Date(this.ctx.now()));
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'org.department.updated',
        target: `department:${code}`,
        detail: { changed, ...patch },
      });
      const next = { ...current, ...patch };
      await this.ctx.events.publish(trx, ORG_EVENTS.departmentUpdated, { ...eventOf(next), changed });
    });
    return this.get(code);
  }

  private async checkUnit(code: string): Promise<void> {
    if (!(await this.units.find(code))) {
      throw invalidField('/body/orgUnitCode', `names no org unit (${code}); see GET /api/v1/org/units`, `Org unit ${code} does not exist`);
    }
  }

  /** The parent must exist and must not be the department itself or one of its descendants. */
  private async checkParent(code: string, parentCode: string): Promise<void> {
    if (parentCode === code) throw invalidField('/body/parentCode', 'must not be the department itself');
    if (!(await this.departments.exists(parentCode))) {
      throw invalidField('/body/parentCode', `names no department (${parentCode})`, `Department ${parentCode} does not exist`);
    }
    if ((await this.departments.ancestors(parentCode)).includes(code)) {
      throw invalidField('/body/parentCode', `is below ${code} already; that would make a cycle`);
    }
  }
}

function eventOf(d: Omit<DepartmentRow, 'phone'> & { phone?: string | null }): DepartmentChangedV1 {
  return { code: d.code, name: d.name, kind: d.kind, orgUnitCode: d.orgUnitCode, parentCode: d.parentCode, status: d.status };
}
