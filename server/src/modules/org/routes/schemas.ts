/**
 * TypeBox schemas of the org and auth endpoints (API.md "auth", "org"): validation, TypeScript
 * types and OpenAPI from one definition.
 */
import { Type, type TSchema } from 'typebox';
import { DEPARTMENT_KINDS, ORG_UNIT_LEVELS } from '../org-types.js';
import { ROLE_CODES } from '../roles.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });

export const RoleCodeSchema = Type.Enum([...ROLE_CODES], { description: 'a role code, see GET /org/roles' });
export const ActiveStatusSchema = Type.Enum(['active', 'disabled']);
export const DepartmentKindSchema = Type.Enum([...DEPARTMENT_KINDS]);
export const OrgUnitLevelSchema = Type.Enum([...ORG_UNIT_LEVELS]);

/** Usernames: case-insensitive, stored lower-cased. */
export const UsernameSchema = Type.String({ minLength: 2, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });
/** Passwords as typed; the complexity rule is checked by the service with a clear message. */
export const PasswordSchema = Type.String({ minLength: 1, maxLength: 128 });
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
export const PhoneSchema = Type.String({
  minLength: 3,
  maxLength: 20,
  pattern: '^[0-9+][0-9 ()+-]*$',
  description: 'e.g. 13812348000 or 0579-82345678',
});
export const DepartmentCodeSchema = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
export const UnitCodeSchema = Type.String({ minLength: 6, maxLength: 12, pattern: '^[0-9]+$' });
export const IdSchema = Type.String({ minLength: 1, maxLength: 64 });
export const LimitSchema = Type.Integer({ minimum: 1, maximum: 1000, default: 50 });
export const CursorSchema = Type.String({ maxLength: 200, description: 'opaque; the `next` of the previous page' });

export const AuthUserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  mustChangePassword: Type.Boolean(),
});

export const UserSummarySchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Nullable(Type.String({ description: 'masked (138****8000) unless you may manage users' })),
  roles: Type.Array(Type.String()),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  status: Type.Enum(['active', 'disabled', 'locked']),
  lastLoginAt: Nullable(IsoTime),
  createdAt: IsoTime,
});

export const UserDetailSchema = Type.Object({
  ...UserSummarySchema.properties,
  permissions: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
  updatedAt: IsoTime,
});

export const DepartmentSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: DepartmentKindSchema,
  orgUnitCode: Type.String(),
  orgUnitName: Nullable(Type.String()),
  parentCode: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  status: ActiveStatusSchema,
  userCount: Type.Integer(),
});

export const OrgUnitSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: OrgUnitLevelSchema,
  parentCode: Nullable(Type.String()),
});

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  permissions: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: IsoTime,
  lastUsedAt: Nullable(IsoTime),
  revokedAt: Nullable(IsoTime),
});

/** A page of a list (API.md: `{items, next, total}`). */
export const PageSchema = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next: Nullable(Type.String()), total: Type.Integer() });

export { Nullable };
