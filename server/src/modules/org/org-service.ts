/**
 * The org module's public service: what the composition root, the demo seeder, the CLI and other
 * modules may call. Routes use the finer services behind it.
 */
import type { Principal } from '../../kernel/auth/index.js';
import type { KernelContext } from '../../kernel/module.js';
import { ApiKeysService } from './api-keys.service.js';
import { BootstrapService, type EnsureAdminResult, type OrgDemoData } from './bootstrap.service.js';
import { dataScopeOf, isCityWide, type DataScope } from './data-scope.js';
import type { DepartmentFilter } from './departments.repository.js';
import { DepartmentsRepository } from './departments.repository.js';
import { DepartmentsService } from './departments.service.js';
import type { Department, OrgUnit, OrgUnitLevel, UserDetail, UserSummary } from './org-types.js';
import { PERMISSIONS, ROLES, type PermissionDef, type RoleCode, type RoleDef } from './roles.js';
import { SignInService } from './sign-in.service.js';
import { UnitsRepository } from './units.repository.js';
import { UsersRepository } from './users.repository.js';
import { UsersService, type CreateUserInput, type UpdateUserInput } from './users.service.js';

/** Staff accounts, as other code (CLI, other modules) may use them. */
export interface OrgUsers {
  /** One user by id, or null. */
  get(id: string): Promise<UserDetail | null>;
  findByUsername(username: string): Promise<UserDetail | null>;
  /** Active users with a role, optionally in one department (e.g. handlers of a department). */
  withRole(role: RoleCode, departmentCode?: string): Promise<UserSummary[]>;
  /** `actor` null = the system (CLI `user create`). A generated password is returned once. */
  create(actor: Principal | null, input: CreateUserInput): Promise<{ user: UserDetail; password?: string }>;
  update(actor: Principal | null, id: string, input: UpdateUserInput): Promise<UserDetail>;
  /** Sets a given or generated password (returned once), ends sessions, lifts a lockout. */
  resetPassword(actor: Principal | null, id: string, password?: string): Promise<{ password: string }>;
}

/** What other code may ask of the org module. */
export interface OrgService {
  /** Creates user `admin` on an empty user table (see CONTRACT.md "Start-up output"). */
  ensureAdmin(): Promise<EnsureAdminResult>;
  /** Bulk-loads the demo org chart; every demo user gets `password`. */
  loadDemo(data: OrgDemoData, password: string): Promise<{ units: number; departments: number; users: number }>;
  findDepartment(code: string): Promise<Department | null>;
  /** Every department matching the filter (unpaged). */
  listDepartments(filter?: Omit<DepartmentFilter, 'afterCode' | 'limit'>): Promise<Department[]>;
  findUnit(code: string): Promise<OrgUnit | null>;
  listUnits(filter?: { parentCode?: string; level?: OrgUnitLevel }): Promise<OrgUnit[]>;
  users: OrgUsers;
  roles(): readonly RoleDef[];
  permissions(): readonly PermissionDef[];
  /** Department scoping: the whole city, or the departments whose records the principal sees (data-scope.ts). */
  dataScope(principal: Principal | null): Promise<DataScope>;
}

/** Everything the org module builds, for its routes and for index.ts. */
export interface OrgInternals {
  service: OrgService;
  users: UsersService;
  departments: DepartmentsService;
  apiKeys: ApiKeysService;
  signIn: SignInService;
  unitsRepo: UnitsRepository;
  usersRepo: UsersRepository;
}

/** Wires repositories and services over the kernel context. */
export function createOrg(ctx: KernelContext): OrgInternals {
  const usersRepo = new UsersRepository(ctx.db);
  const departmentsRepo = new DepartmentsRepository(ctx.db);
  const unitsRepo = new UnitsRepository(ctx.db);
  const users = new UsersService(ctx, usersRepo, departmentsRepo);
  const departments = new DepartmentsService(ctx, departmentsRepo, unitsRepo);
  const apiKeys = new ApiKeysService(ctx, usersRepo);
  const signIn = new SignInService(ctx, usersRepo, users);
  const bootstrap = new BootstrapService(ctx, usersRepo, departmentsRepo, unitsRepo);

  const service: OrgService = {
    ensureAdmin: () => bootstrap.ensureAdmin(),
    loadDemo: (data, password) => bootstrap.loadDemo(data, password),
    findDepartment: (code) => departments.find(code),
    listDepartments: (filter) => departments.all(filter),
    findUnit: (code) => unitsRepo.find(code),
    listUnits: (filter) => unitsRepo.list(filter),
    users: {
      async get(id) {
        const u = await usersRepo.findById(id);
        return u ? users.detail(u, null) : null;
      },
      findByUsername: (username) => users.findByUsername(username),
      withRole: (role, departmentCode) => users.withRole(role, departmentCode),
      create: (actor, input) => users.create(actor, input),
      update: (actor, id, input) => users.update(actor, id, input),
      resetPassword: (actor, id, password) => users.resetPassword(actor, id, password),
    },
    roles: () => ROLES,
    permissions: () => PERMISSIONS,
    dataScope: async (principal) =>
      isCityWide(principal) ? { cityWide: true } : dataScopeOf(principal, await departments.all(), await unitsRepo.list()),
  };
  return { service, users, departments, apiKeys, signIn, unitsRepo, usersRepo };
}
