/**
 * Sign-in, sign-out and "who am I" for the web client, on top of the kernel's sessions.
 */
import type { Principal } from '../../kernel/auth/index.js';
import type { KernelContext } from '../../kernel/module.js';
import type { AuthUser } from './org-types.js';
import { permissionsOfRoles } from './roles.js';
import type { UsersRepository } from './users.repository.js';
import type { UsersService } from './users.service.js';

export interface SignInResult {
  user: AuthUser;
  csrfToken: string;
  /** Goes into the HttpOnly cookie only. */
  sessionToken: string;
}

export class SignInService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
  ) {}

  /** Checks credentials (with lockout) and opens a session. */
  async login(input: { username: string; password: string }, meta: { ip: string | null; userAgent: string | null }): Promise<SignInResult> {
    const r = await this.ctx.auth.login({ username: input.username, password: input.password, ip: meta.ip, userAgent: meta.userAgent });
    await this.usersService.touchLogin(r.principal.id);
    return { user: await this.me(r.principal), csrfToken: r.csrfToken, sessionToken: r.sessionToken };
  }

  /** The signed-in caller as `/auth/me` shows it; an API key shows as a user-like record. */
  async me(principal: Principal): Promise<AuthUser> {
    if (principal.kind === 'user') {
      const u = await this.users.findById(principal.id);
      if (u) {
        return {
          id: u.id,
          username: u.username,
          displayName: u.displayName,
          roles: [...u.roles],
          permissions: permissionsOfRoles(u.roles),
          departmentCode: u.departmentCode,
          departmentName: u.departmentName,
          mustChangePassword: u.mustChangePassword,
        };
      }
    }
    return {
      id: principal.id,
      username: principal.username ?? `apikey:${principal.id}`,
      displayName: principal.displayName ?? principal.id,
      roles: [...principal.roles],
      permissions: [...principal.permissions],
      departmentCode: principal.departmentCode,
      departmentName: null,
      mustChangePassword: false,
    };
  }
}
