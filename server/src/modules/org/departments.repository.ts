/** SQL for departments, with the served unit's name and the user count joined in. */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { ActiveStatus, Department, DepartmentKind } from './org-types.js';

export interface DepartmentFilter {
  q?: string;
  kind?: DepartmentKind;
  orgUnitCode?: string;
  status?: ActiveStatus;
  afterCode?: string;
  limit?: number;
}

export interface DepartmentRow {
  code: string;
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  parentCode: string | null;
  phone: string | null;
  status: ActiveStatus;
}

const COLUMN: Record<keyof Omit<DepartmentRow, 'code'>, string> = {
  name: 'name',
  kind: 'kind',
  orgUnitCode: 'org_unit_code',
  parentCode: 'parent_code',
  phone: 'phone',
  status: 'status',
};

export class DepartmentsRepository {
  constructor(private readonly db: Database) {}

  private base(k: Kysely<any>) {
    return k
      .selectFrom('org_departments as d')
      .leftJoin('org_units as ou', 'ou.code', 'd.org_unit_code')
      .selectAll('d')
      .select('ou.name as org_unit_name')
      .select((eb) =>
        eb
          .selectFrom('org_users as u')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('u.department_code', '=', 'd.code')
          .as('user_count'),
      );
  }

  async find(code: string, k: Kysely<any> = this.db.kysely): Promise<Department | null> {
    const row = await this.base(k).where('d.code', '=', code).executeTakeFirst();
    return row ? this.toDepartment(row) : null;
  }

  async exists(code: string, k: Kysely<any> = this.db.kysely): Promise<boolean> {
    const row = await k.selectFrom('org_departments').select('code').where('code', '=', code).executeTakeFirst();
    return row !== undefined;
  }

  /** Departments ordered by code; `total` counts every match, not just the page. */
  async list(f: DepartmentFilter): Promise<{ rows: Department[]; total: number }> {
    const k = this.db.kysely;
    let page = this.filtered(this.base(k), f).orderBy('d.code');
    if (f.limit !== undefined) page = page.limit(f.limit);
    if (f.afterCode !== undefined) page = page.where('d.code', '>', f.afterCode);
    const rows = await page.execute();
    const count = await this.filtered(
      k.selectFrom('org_departments as d').select((eb) => eb.fn.countAll().as('n')),
      f,
    ).executeTakeFirst();
    return { rows: rows.map((r) => this.toDepartment(r)), total: Number(count?.n ?? 0) };
  }

  private filtered<QB extends SelectQueryBuilder<any, any, any>>(q: QB, f: DepartmentFilter): QB {
    let out: SelectQueryBuilder<any, any, any> = q;
    if (f.q) out = out.where((eb) => eb.or([this.db.sql.contains('d.name', f.q!), this.db.sql.contains('d.code', f.q!)]));
    if (f.kind) out = out.where('d.kind', '=', f.kind);
    if (f.orgUnitCode) out = out.where('d.org_unit_code', '=', f.orgUnitCode);
    if (f.status) out = out.where('d.status', '=', f.status);
    return out as QB;
  }

  /** The chain of parents above `code` (nearest first), to refuse cycles. */
  async ancestors(code: string, k: Kysely<any> = this.db.kysely): Promise<string[]> {
    const out: string[] = [];
    let current: string | null = code;
    while (current && out.length < 100) {
      const row: { parent_code: string | null } | undefined = await k
        .selectFrom('org_departments')
        .select('parent_code')
        .where('code', '=', current)
        .executeTakeFirst();
      current = row?.parent_code ?? null;
      if (current) out.push(current);
    }
    return out;
  }

  async insert(k: Kysely<any>, d: DepartmentRow, at: Date): Promise<void> {
    await k
      .insertInto('org_departments')
      .values({
        code: d.code,
        name: d.name,
        kind: d.kind,
        org_unit_code: d.orgUnitCode,
        parent_code: d.parentCode,
        phone: d.phone,
        status: d.status,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  async update(k: Kysely<any>, code: string, patch: Partial<Omit<DepartmentRow, 'code'>>, at: Date): Promise<void> {
    const set: Record<string, unknown> = { updated_at: at };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) set[COLUMN[key as keyof typeof COLUMN]] = value;
    }
    await k.updateTable('org_departments').set(set).where('code', '=', code).execute();
  }

  private toDepartment(r: Record<string, any>): Department {
    return {
      code: r.code,
      name: r.name,
      kind: r.kind,
      orgUnitCode: r.org_unit_code,
      orgUnitName: r.org_unit_name ?? null,
      parentCode: r.parent_code ?? null,
      phone: r.phone ?? null,
      status: r.status,
      userCount: Number(r.user_count ?? 0),
    };
  }
}
