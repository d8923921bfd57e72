/**
 * The org module (统一身份认证 / 组织机构): org units, departments, users, roles, API keys, and
 * the sign-in endpoints. This file is the only one other code imports.
 */
import type { ZhichengModule } from '../../kernel/module.js';
import { migrations } from './migrations/index.js';
import { createOrg, type OrgService } from './org-service.js';
import { createPrincipalSource } from './principal-source.js';
import { apiKeysRoutes } from './routes/api-keys.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { catalogueRoutes } from './routes/catalogue.routes.js';
import { departmentsRoutes } from './routes/departments.routes.js';
import { usersRoutes } from './routes/users.routes.js';

/** Expired sessions and old login attempts are swept this often. */
const PRUNE_EVERY_MS = 15 * 60_000;

export const orgModule: ZhichengModule<OrgService> = {
  name: 'org',
  migrations,
  async start(ctx) {
    const org = createOrg(ctx);
    // The kernel authenticates every request; the org module tells it who the users are.
    ctx.auth.usePrincipalSource(createPrincipalSource(org.usersRepo));
    ctx.jobs.every({ name: 'auth.prune', intervalMs: PRUNE_EVERY_MS, run: () => ctx.auth.prune() });
    return {
      service: org.service,
      routes: async (app) => {
        await app.register(authRoutes({ auth: ctx.auth, signIn: org.signIn, users: org.users }));
        await app.register(catalogueRoutes(org.unitsRepo));
        await app.register(usersRoutes(org.users));
        await app.register(departmentsRoutes(org.departments));
        await app.register(apiKeysRoutes(org.apiKeys));
      },
    };
  },
};

export type { OrgService, OrgUsers } from './org-service.js';
export type { EnsureAdminResult, OrgDemoData } from './bootstrap.service.js';
export type { CreateUserInput, UpdateUserInput } from './users.service.js';
export type { AuthUser, Department, DepartmentKind, OrgUnit, OrgUnitLevel, UserDetail, UserStatus, UserSummary } from './org-types.js';
export { ORG_EVENTS } from './events.js';
export { CITY_WIDE_ROLES, dataScopeOf, isCityWide, type DataScope } from './data-scope.js';
export type * from './events.js';
export { PERMISSIONS, ROLES, ROLE_CODES, permissionsOfRoles, type PermissionDef, type RoleCode, type RoleDef } from './roles.js';
