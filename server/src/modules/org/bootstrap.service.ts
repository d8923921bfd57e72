/**
 * First start and demo data: the initial administrator (CONTRACT.md "Start-up output") and the
 * bulk load of the demo city's org chart.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkPasswordComplexity, generatePassword, hashPassword } from '../../kernel/auth/index.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import type { DepartmentsRepository } from './departments.repository.js';
import { ORG_EVENTS, type DepartmentChangedV1, type UnitsImportedV1, type UserCreatedV1 } from './events.js';
import { isUniqueViolation } from './org-errors.js';
import { insertUserAudited } from './user-creation.js';
import { DEPARTMENT_KINDS, type DepartmentKind, type OrgUnit } from './org-types.js';
import { isRoleCode, type RoleCode } from './roles.js';
import type { UnitsRepository } from './units.repository.js';
import type { UsersRepository } from './users.repository.js';

/** File (in DATA_DIR) holding the first admin's password. */
export const INITIAL_ADMIN_PASSWORD_FILE = 'initial-admin-password';

/** What the demo seeder hands over (shapes of `server/src/demo/demo-city-types.ts`). */
export interface OrgDemoData {
  units: OrgUnit[];
  departments: {
    code: string;
    name: string;
    kind: DepartmentKind;
    orgUnitCode: string;
    parentCode: string | null;
    phone?: string | null;
  }[];
  users: {
    username: string;
    displayName: string;
    /** One role (demo generator) or several. */
    role?: string;
    roles?: string[];
    departmentCode: string | null;
    phone?: string | null;
  }[];
}

export interface EnsureAdminResult {
  /** True when this call created the admin (and wrote the password file). */
  created: boolean;
  /** Absolute path of the password file. */
  file: string;
}

export class BootstrapService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly users: UsersRepository,
    private readonly departments: DepartmentsRepository,
    private readonly units: UnitsRepository,
  ) {}

  /**
   * Creates user `admin` when there is no user at all, with ZC_ADMIN_PASSWORD or a random
   * password, and writes that password to `DATA_DIR/initial-admin-password` (mode 0600). The
   * password is never logged. A configured password that breaks the rule stops the start.
   */
  async ensureAdmin(): Promise<EnsureAdminResult> {
    const file = path.join(this.ctx.config.dataDir, INITIAL_ADMIN_PASSWORD_FILE);
    if ((await this.users.count()) > 0) return { created: false, file };
    const configured = this.ctx.config.adminPassword;
    if (configured !== null) {
      const weak = checkPasswordComplexity(configured);
      if (weak) throw new Error(`Invalid ZC_ADMIN_PASSWORD: ${weak}`);
    }
    const password = configured ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const id = newId(this.ctx.now());
    const at = new Date(this.ctx.now());
    try {
      await this.ctx.db.kysely.transaction().execute(async (trx) => {
        await insertUserAudited(
          this.ctx,
          this.users,
          trx,
          {
            id,
            username: 'admin',
            displayName: '系统管理员',
            passwordHash,
            departmentCode: null,
            phone: null,
            status: 'active',
            mustChangePassword: false,
            at,
          },
          ['admin'],
          'system',
          { initial: true },
        );
        // Written before commit: if the file cannot be written, no admin exists whose password nobody knows.
        mkdirSync(this.ctx.config.dataDir, { recursive: true });
        writeFileSync(file, password + '\n', { mode: 0o600 });
        chmodSync(file, 0o600);
      });
    } catch (e) {
      // Another node created the first admin at the same moment: that one wrote the file.
      if (isUniqueViolation(e)) return { created: false, file };
      throw e;
    }
    return { created: true, file };
  }

  /**
   * Bulk-loads the demo org chart: units, departments and users (all with `password`). Existing
   * codes and usernames are kept as they are, so a second load adds nothing.
   */
  async loadDemo(data: OrgDemoData, password: string): Promise<{ units: number; departments: number; users: number }> {
    // All demo users share one password, so one hash (one salt) for all costs no secrecy and
    // saves seconds of scrypt at first start.
    const passwordHash = await hashPassword(password);
    const at = new Date(this.ctx.now());
    return this.ctx.db.kysely.transaction().execute(async (trx) => {
      const units = await this.units.insertMany(trx, data.units);
      if (units > 0) await this.ctx.events.publish(trx, ORG_EVENTS.unitsImported, { count: units } satisfies UnitsImportedV1);

      let departments = 0;
      for (const d of data.departments) {
        if (!DEPARTMENT_KINDS.includes(d.kind)) throw new Error(`demo department ${d.code} has unknown kind ${d.kind}`);
        if (await this.departments.exists(d.code, trx)) continue;
        const row = {
          code: d.code,
          name: d.name,
          kind: d.kind,
          orgUnitCode: d.orgUnitCode,
          parentCode: d.parentCode,
          phone: d.phone ?? null,
          status: 'active' as const,
        };
        await this.departments.insert(trx, row, at);
        const payload: DepartmentChangedV1 = {
          code: row.code,
          name: row.name,
          kind: row.kind,
          orgUnitCode: row.orgUnitCode,
          parentCode: row.parentCode,
          status: 'active',
        };
        await this.ctx.events.publish(trx, ORG_EVENTS.departmentCreated, payload);
        departments++;
      }

      let users = 0;
      for (const u of data.users) {
        const roles = (u.roles ?? (u.role ? [u.role] : [])).filter(isRoleCode) as RoleCode[];
        if (roles.length === 0) throw new Error(`demo user ${u.username} has no known role`);
        if (await this.users.findByUsername(u.username, trx)) continue;
        const id = newId(this.ctx.now());
        await this.users.insert(
          trx,
          {
            id,
            username: u.username,
            displayName: u.displayName,
            passwordHash,
            departmentCode: u.departmentCode,
            phone: u.phone ?? null,
            status: 'active',
            mustChangePassword: false,
            at,
          },
          roles,
        );
        const payload: UserCreatedV1 = { id, username: u.username.toLowerCase(), roles, departmentCode: u.departmentCode };
        await this.ctx.events.publish(trx, ORG_EVENTS.userCreated, payload);
        users++;
      }
      await this.ctx.audit.record(trx, {
        actor: 'system',
        action: 'org.demo.loaded',
        target: 'org',
        detail: { units, departments, users },
      });
      return { units, departments, users };
    });
  }
}
