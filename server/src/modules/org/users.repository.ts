/**
 * SQL for users and their roles. Usernames are stored lower-cased; roles live in their own table
 * so "everyone with role X" is an indexed query on both dialects.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { ActiveStatus } from './org-types.js';
import type { RoleCode } from './roles.js';

/** A user as stored, with roles and the department's name joined in. */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  departmentCode: string | null;
  departmentName: string | null;
  phone: string | null;
  status: ActiveStatus;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  roles: RoleCode[];
}

export interface UserFilter {
  q?: string;
  role?: string;
  departmentCode?: string;
  status?: ActiveStatus;
  /** Return users whose username sorts after this (paging). */
  afterUsername?: string;
  limit: number;
}

export interface NewUserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  departmentCode: string | null;
  phone: string | null;
  status: ActiveStatus;
  mustChangePassword: boolean;
  at: Date;
}

export type UserPatch = Partial<{
  displayName: string;
  departmentCode: string | null;
  phone: string | null;
  status: ActiveStatus;
  passwordHash: string;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  lastLoginAt: Date;
}>;

const COLUMN: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  departmentCode: 'department_code',
  phone: 'phone',
  status: 'status',
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
  passwordChangedAt: 'password_changed_at',
  lastLoginAt: 'last_login_at',
};

export class UsersRepository {
  constructor(private readonly db: Database) {}

  private base(k: Kysely<any>) {
    return k
      .selectFrom('org_users as u')
      .leftJoin('org_departments as d', 'd.code', 'u.department_code')
      .selectAll('u')
      .select('d.name as department_name');
  }

  async findById(id: string, k: Kysely<any> = this.db.kysely): Promise<UserRecord | null> {
    const row = await this.base(k).where('u.id', '=', id).executeTakeFirst();
    return row ? (await this.withRoles([row], k))[0]! : null;
  }

  async findByUsername(username: string, k: Kysely<any> = this.db.kysely): Promise<UserRecord | null> {
    const row = await this.base(k).where('u.username', '=', username.trim().toLowerCase()).executeTakeFirst();
    return row ? (await this.withRoles([row], k))[0]! : null;
  }

  /** One page, ordered by username, and the total matching the filter. */
  async list(f: UserFilter): Promise<{ rows: UserRecord[]; total: number }> {
    const k = this.db.kysely;
    let page = this.filtered(this.base(k), f).orderBy('u.username').limit(f.limit);
    if (f.afterUsername !== undefined) page = page.where('u.username', '>', f.afterUsername);
    const rows = await page.execute();
    const count = await this.filtered(
      k.selectFrom('org_users as u').select((eb) => eb.fn.countAll().as('n')),
      f,
    ).executeTakeFirst();
    return { rows: await this.withRoles(rows, k), total: Number(count?.n ?? 0) };
  }

  private filtered<QB extends SelectQueryBuilder<any, any, any>>(q: QB, f: UserFilter): QB {
    let out: SelectQueryBuilder<any, any, any> = q;
    if (f.q) out = out.where((eb) => eb.or([this.db.sql.contains('u.username', f.q!), this.db.sql.contains('u.display_name', f.q!)]));
    if (f.role) out = out.where('u.id', 'in', this.db.kysely.selectFrom('org_user_roles').select('user_id').where('role', '=', f.role));
    if (f.departmentCode) out = out.where('u.department_code', '=', f.departmentCode);
    if (f.status) out = out.where('u.status', '=', f.status);
    return out as QB;
  }

  /** Active users holding `role`, optionally only in one department. */
  async withRole(role: string, departmentCode?: string): Promise<UserRecord[]> {
    let q = this.base(this.db.kysely)
      .where('u.status', '=', 'active')
      .where('u.id', 'in', this.db.kysely.selectFrom('org_user_roles').select('user_id').where('role', '=', role))
      .orderBy('u.username');
    if (departmentCode) q = q.where('u.department_code', '=', departmentCode);
    return this.withRoles(await q.execute(), this.db.kysely);
  }

  async count(k: Kysely<any> = this.db.kysely): Promise<number> {
    const r = await k
      .selectFrom('org_users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Active users with the admin role, other than `exceptId`. */
  async countOtherActiveAdmins(k: Kysely<any>, exceptId: string): Promise<number> {
    const r = await k
      .selectFrom('org_users as u')
      .innerJoin('org_user_roles as r', 'r.user_id', 'u.id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('r.role', '=', 'admin')
      .where('u.status', '=', 'active')
      .where('u.id', '<>', exceptId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insert(k: Kysely<any>, u: NewUserRow, roles: readonly string[]): Promise<void> {
    await k
      .insertInto('org_users')
      .values({
        id: u.id,
        username: u.username.trim().toLowerCase(),
        display_name: u.displayName,
        password_hash: u.passwordHash,
        department_code: u.departmentCode,
        phone: u.phone,
        status: u.status,
        must_change_password: u.mustChangePassword,
        last_login_at: null,
        password_changed_at: u.at,
        created_at: u.at,
        updated_at: u.at,
      })
      .execute();
    await this.setRoles(k, u.id, roles);
  }

  async update(k: Kysely<any>, id: string, patch: UserPatch, at: Date): Promise<void> {
    const set: Record<string, unknown> = { updated_at: at };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) set[COLUMN[key as keyof UserPatch]] = value;
    }
    await k.updateTable('org_users').set(set).where('id', '=', id).execute();
  }

  async setRoles(k: Kysely<any>, id: string, roles: readonly string[]): Promise<void> {
    await k.deleteFrom('org_user_roles').where('user_id', '=', id).execute();
    if (roles.length)
      await k
        .insertInto('org_user_roles')
        .values(roles.map((role) => ({ user_id: id, role })))
        .execute();
  }

  /** Usernames for ids (API key lists show who created them). */
  async usernames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.kysely.selectFrom('org_users').select(['id', 'username']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id as string, r.username as string]));
  }

  private async withRoles(rows: Record<string, any>[], k: Kysely<any>): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const roleRows = await k
      .selectFrom('org_user_roles')
      .select(['user_id', 'role'])
      .where(
        'user_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('role')
      .execute();
    const byUser = new Map<string, RoleCode[]>();
    for (const r of roleRows) {
      const list = byUser.get(r.user_id) ?? [];
      list.push(r.role as RoleCode);
      byUser.set(r.user_id, list);
    }
    const sql = this.db.sql;
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      passwordHash: r.password_hash,
      departmentCode: r.department_code ?? null,
      departmentName: r.department_name ?? null,
      phone: r.phone ?? null,
      status: r.status as ActiveStatus,
      mustChangePassword: sql.readBool(r.must_change_password),
      lastLoginAt: sql.readTimeOrNull(r.last_login_at),
      passwordChangedAt: sql.readTime(r.password_changed_at),
      createdAt: sql.readTime(r.created_at),
      updatedAt: sql.readTime(r.updated_at),
      roles: byUser.get(r.id) ?? [],
    }));
  }
}
