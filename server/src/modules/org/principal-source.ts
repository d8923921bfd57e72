/**
 * The org module's answer to "who is this?" for the kernel's auth: credential checks against
 * org_users and the principal (roles → permissions, department) of a user id.
 */
import type { CredentialCheck, PrincipalSource } from '../../kernel/auth/index.js';
import { verifyAgainstDummy, verifyPassword, type Principal } from '../../kernel/auth/index.js';
import { permissionsOfRoles } from './roles.js';
import type { UserRecord, UsersRepository } from './users.repository.js';

/** The principal a user record stands for. */
export function principalOfUser(u: UserRecord): Principal {
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: [...u.roles],
    permissions: permissionsOfRoles(u.roles),
    departmentCode: u.departmentCode,
  };
}

/** Builds the principal source the org module hands to `auth.usePrincipalSource`. */
export function createPrincipalSource(users: UsersRepository): PrincipalSource {
  return {
    async verifyCredentials(username, password): Promise<CredentialCheck> {
      const u = await users.findByUsername(username);
      if (!u) {
        // Same work as a real check, so response time does not reveal which usernames exist.
        await verifyAgainstDummy(password);
        return { ok: false, reason: 'bad_credentials' };
      }
      if (!(await verifyPassword(password, u.passwordHash))) return { ok: false, reason: 'bad_credentials' };
      if (u.status !== 'active') return { ok: false, reason: 'disabled', userId: u.id };
      return { ok: true, userId: u.id };
    },
    async loadPrincipal(userId) {
      const u = await users.findById(userId);
      return u && u.status === 'active' ? principalOfUser(u) : null;
    },
  };
}
