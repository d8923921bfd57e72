/**
 * Managing staff accounts: create, change, disable, reset passwords. Every change writes its
 * audit record and its event in the same transaction; disabling or resetting a password ends the
 * user's sessions in that transaction too.
 */
import {
  actorOf,
  checkPasswordComplexity,
  generatePassword,
  hashPassword,
  hasPermission,
  maskPhone,
  verifyPassword,
  type Principal,
} from '../../kernel/auth/index.js';
import { DomainError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import type { DepartmentsRepository } from './departments.repository.js';
import { ORG_EVENTS, type UserRefV1, type UserUpdatedV1 } from './events.js';
import { invalidField, isUniqueViolation } from './org-errors.js';
import { insertUserAudited } from './user-creation.js';
import type { ActiveStatus, Page, UserDetail, UserSummary } from './org-types.js';
import { isRoleCode, permissionsOfRoles, type RoleCode } from './roles.js';
import type { UserPatch, UserRecord, UsersRepository } from './users.repository.js';

export interface CreateUserInput {
  username: string;
  displayName: string;
  /** Omitted: a random password is generated and returned once. */
  password?: string;
  roles: string[];
  departmentCode?: string | null;
  phone?: string | null;
  /** Defaults to true when the password was generated. */
  mustChangePassword?: boolean;
}

export interface UpdateUserInput {
  displayName?: string;
  roles?: string[];
  departmentCode?: string | null;
  phone?: string | null;
  status?: ActiveStatus;
}

export interface ListUsersQuery {
  q?: string;
  role?: string;
  departmentCode?: string;
  status?: ActiveStatus;
  limit?: number;
  cursor?: string;
}

const USERNAME = /^[a-z0-9][a-z0-9_.-]{1,31}$/;

export class UsersService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly users: UsersRepository,
    private readonly departments: DepartmentsRepository,
  ) {}

  /** A page of users; phones are masked unless the viewer may manage users. */
  async list(query: ListUsersQuery, viewer: Principal | null): Promise<Page<UserSummary>> {
    const limit = query.limit ?? 50;
    const { rows, total } = await this.users.list({
      q: query.q?.trim() || undefined,
      role: query.role,
      departmentCode: query.departmentCode,
      status: query.status,
      afterUsername: decodeCursor(query.cursor),
      limit,
    });
    const locked = await this.ctx.auth.lockedUsers(rows.map((r) => r.username));
    const reveal = hasPermission(viewer, 'org.users.write');
    return {
      items: rows.map((r) => this.summary(r, locked.has(r.username), reveal)),
      next: rows.length === limit ? encodeCursor(rows[rows.length - 1]!.username) : null,
      total,
    };
  }

  /** One user; 404 when unknown. */
  async get(id: string, viewer: Principal | null): Promise<UserDetail> {
    const u = await this.users.findById(id);
    if (!u) throw new DomainError('not_found', `User ${id} does not exist`);
    return this.detail(u, viewer);
  }

  async findByUsername(username: string): Promise<UserDetail | null> {
    const u = await this.users.findByUsername(username);
    return u ? this.detail(u, null) : null;
  }

  /** Active users holding `role` (optionally in one department), for assignment lists. */
  async withRole(role: RoleCode, departmentCode?: string): Promise<UserSummary[]> {
    const rows = await this.users.withRole(role, departmentCode);
    return rows.map((r) => this.summary(r, false, false));
  }

  /** Creates a user. `actor` null means the system (CLI). */
  async create(actor: Principal | null, input: CreateUserInput): Promise<{ user: UserDetail; password?: string }> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      throw invalidField('/body/username', 'must be 2–32 characters: letters, digits, and . _ - (not first)');
    }
    const roles = this.checkRoles(input.roles);
    const departmentCode = input.departmentCode ?? null;
    await this.checkDepartment(departmentCode);
    const generated = input.password === undefined;
    const password = input.password ?? generatePassword();
    const weak = checkPasswordComplexity(password);
    if (weak) throw invalidField('/body/password', weak, weak);
    if (await this.users.findByUsername(username)) throw new DomainError('conflict', `Username ${username} is taken`);

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
            username,
            displayName: input.displayName.trim(),
            passwordHash,
            departmentCode,
            phone: input.phone?.trim() || null,
            status: 'active',
            mustChangePassword: input.mustChangePassword ?? generated,
            at,
          },
          roles,
          actorOf(actor),
          { departmentCode, passwordGenerated: generated },
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('conflict', `Username ${username} is taken`);
      throw e;
    }
    const user = await this.get(id, actor);
    return generated ? { user, password } : { user };
  }

  /** Changes a user's profile, roles, department or status. */
  async update(actor: Principal | null, id: string, input: UpdateUserInput): Promise<UserDetail> {
    const current = await this.users.findById(id);
    if (!current) throw new DomainError('not_found', `User ${id} does not exist`);
    const patch: UserPatch = {};
    const changed: string[] = [];
    let roles: RoleCode[] | null = null;

    if (input.displayName !== undefined && input.displayName.trim() !== current.displayName) {
      patch.displayName = input.displayName.trim();
      changed.push('displayName');
    }
    if (input.roles !== undefined) {
      const next = this.checkRoles(input.roles);
      if (next.join() !== [...current.roles].sort().join()) {
        roles = next;
        changed.push('roles');
      }
    }
    if (input.departmentCode !== undefined && input.departmentCode !== current.departmentCode) {
      await this.checkDepartment(input.departmentCode);
      patch.departmentCode = input.departmentCode;
      changed.push('departmentCode');
    }
    if (input.phone !== undefined && (input.phone?.trim() || null) !== current.phone) {
      patch.phone = input.phone?.trim() || null;
      changed.push('phone');
    }
    if (input.status !== undefined && input.status !== current.status) {
      patch.status = input.status;
      changed.push('status');
    }

    const losesAdmin =
      current.status === 'active' &&
      current.roles.includes('admin') &&
      ((roles !== null && !roles.includes('admin')) || patch.status === 'disabled');
    if (patch.status === 'disabled' && actor?.id === id) {
      throw new DomainError('conflict', 'You cannot disable your own account');
    }
    if (losesAdmin && actor?.id === id) {
      throw new DomainError('conflict', 'You cannot remove your own admin role; ask another administrator');
    }

    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (losesAdmin && (await this.users.countOtherActiveAdmins(trx, id)) === 0) {
        throw new DomainError('conflict', 'This is the last active administrator; make another user admin first');
      }
      // Setting an account active also lifts a login lockout: that is how an administrator unlocks it.
      const unlocked = input.status === 'active' ? await this.ctx.auth.unlock(trx, current.username) : false;
      if (unlocked && !changed.includes('status')) changed.push('status');
      if (changed.length === 0) return;
      await this.users.update(trx, id, patch, new Date(this.ctx.now()));
      if (roles) await this.users.setRoles(trx, id, roles);
      if (patch.status === 'disabled') await this.ctx.auth.destroyUserSessions(trx, id);
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: patch.status === 'disabled' ? 'org.user.disabled' : 'org.user.updated',
        target: `user:${id}`,
        detail: {
          changed,
          ...(roles ? { roles } : {}),
          ...(patch.departmentCode !== undefined ? { departmentCode: patch.departmentCode } : {}),
          ...(patch.status ? { status: patch.status } : {}),
          ...(unlocked ? { unlocked: true } : {}),
        },
      });
      const payload: UserUpdatedV1 = {
        id,
        changed,
        roles: roles ?? current.roles,
        departmentCode: patch.departmentCode !== undefined ? patch.departmentCode : current.departmentCode,
        status: patch.status ?? current.status,
      };
      await this.ctx.events.publish(trx, ORG_EVENTS.userUpdated, payload);
      if (patch.status === 'disabled') await this.ctx.events.publish(trx, ORG_EVENTS.userDisabled, { id } satisfies UserRefV1);
      if (patch.status === 'active') await this.ctx.events.publish(trx, ORG_EVENTS.userEnabled, { id } satisfies UserRefV1);
    });
    return this.get(id, actor);
  }

  /**
   * Sets a new password (given or generated) that the user must change at next sign-in; ends
   * their sessions and lifts a lockout.
   */
  async resetPassword(actor: Principal | null, id: string, password?: string): Promise<{ password: string }> {
    const u = await this.users.findById(id);
    if (!u) throw new DomainError('not_found', `User ${id} does not exist`);
    const next = password ?? generatePassword();
    const weak = checkPasswordComplexity(next);
    if (weak) throw invalidField('/body/password', weak, weak);
    const passwordHash = await hashPassword(next);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const at = new Date(this.ctx.now());
      await this.users.update(trx, id, { passwordHash, mustChangePassword: true, passwordChangedAt: at }, at);
      await this.ctx.auth.destroyUserSessions(trx, id);
      await this.ctx.auth.unlock(trx, u.username);
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'org.user.password_reset',
        target: `user:${id}`,
        detail: { generated: password === undefined },
      });
      await this.ctx.events.publish(trx, ORG_EVENTS.userPasswordReset, { id } satisfies UserRefV1);
    });
    return { password: next };
  }

  /** A signed-in user changes their own password; their other sessions end. */
  async changeOwnPassword(principal: Principal, keepSessionId: string | null, currentPassword: string, newPassword: string): Promise<void> {
    const u = await this.users.findById(principal.id);
    if (!u) throw new DomainError('unauthorized', 'Sign in again');
    if (!(await verifyPassword(currentPassword, u.passwordHash))) {
      throw invalidField('/body/currentPassword', 'is not your current password', 'The current password is wrong');
    }
    const weak = checkPasswordComplexity(newPassword);
    if (weak) throw invalidField('/body/newPassword', weak, weak);
    if (newPassword === currentPassword) {
      throw invalidField('/body/newPassword', 'must differ from the current password', 'The new password must differ from the current one');
    }
    const passwordHash = await hashPassword(newPassword);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const at = new Date(this.ctx.now());
      await this.users.update(trx, u.id, { passwordHash, mustChangePassword: false, passwordChangedAt: at }, at);
      await this.ctx.auth.destroyUserSessions(trx, u.id, keepSessionId ?? undefined);
      await this.ctx.audit.record(trx, { actor: u.id, action: 'auth.password.changed', target: `user:${u.id}` });
      await this.ctx.events.publish(trx, ORG_EVENTS.userPasswordChanged, { id: u.id } satisfies UserRefV1);
    });
  }

  /** Records a successful sign-in time (outside the login transaction: informational only). */
  async touchLogin(id: string): Promise<void> {
    const at = new Date(this.ctx.now());
    await this.users.update(this.ctx.db.kysely, id, { lastLoginAt: at }, at);
  }

  async detail(u: UserRecord, viewer: Principal | null): Promise<UserDetail> {
    const locked = await this.ctx.auth.lockedUsers([u.username]);
    // Users may always see their own phone number in clear.
    const reveal = viewer === null || viewer.id === u.id || hasPermission(viewer, 'org.users.write');
    return {
      ...this.summary(u, locked.has(u.username), reveal),
      permissions: permissionsOfRoles(u.roles),
      mustChangePassword: u.mustChangePassword,
      updatedAt: u.updatedAt.toISOString(),
    };
  }

  private summary(u: UserRecord, locked: boolean, revealPhone: boolean): UserSummary {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      phone: revealPhone ? u.phone : maskPhone(u.phone),
      roles: u.roles,
      departmentCode: u.departmentCode,
      departmentName: u.departmentName,
      status: u.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    };
  }

  private checkRoles(roles: readonly string[]): RoleCode[] {
    if (roles.length === 0) throw invalidField('/body/roles', 'must name at least one role');
    roles.forEach((r, i) => {
      if (!isRoleCode(r)) throw invalidField(`/body/roles/${i}`, `is not a role (${r}); see GET /api/v1/org/roles`);
    });
    return [...new Set(roles as RoleCode[])].sort();
  }

  private async checkDepartment(code: string | null): Promise<void> {
    if (code === null) return;
    const d = await this.departments.find(code);
    if (!d) throw invalidField('/body/departmentCode', `names no department (${code})`, `Department ${code} does not exist`);
    if (d.status !== 'active') throw invalidField('/body/departmentCode', `is disabled (${code})`, `Department ${code} is disabled`);
  }
}
