/**
 * The org module's public shapes: org units (the administrative areas departments serve),
 * departments and users. Other modules see these through `OrgService`.
 */
import type { RoleCode } from './roles.js';

/** Administrative level of an org unit; grids belong to geo, not to the org chart. */
export type OrgUnitLevel = 'city' | 'district' | 'street' | 'community';
export const ORG_UNIT_LEVELS: readonly OrgUnitLevel[] = ['city', 'district', 'street', 'community'];

/** An administrative unit (市/区/街道/社区) that departments serve. */
export interface OrgUnit {
  code: string;
  name: string;
  level: OrgUnitLevel;
  parentCode: string | null;
}

export type DepartmentKind = 'bureau' | 'district_office' | 'street_office' | 'enterprise' | 'centre';
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = ['bureau', 'district_office', 'street_office', 'enterprise', 'centre'];

export type ActiveStatus = 'active' | 'disabled';

/** A department (委办局, district/street office, enterprise, centre). */
export interface Department {
  code: string;
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  orgUnitName: string | null;
  parentCode: string | null;
  phone: string | null;
  status: ActiveStatus;
  /** Users assigned to the department (any status). */
  userCount: number;
}

/** A user's status as shown: `locked` while a login lockout is running. */
export type UserStatus = 'active' | 'disabled' | 'locked';

/** A user in lists. `phone` is masked unless the viewer may manage users. */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  roles: RoleCode[];
  departmentCode: string | null;
  departmentName: string | null;
  status: UserStatus;
  lastLoginAt: string | null;
  createdAt: string;
}

/** A user in detail. */
export interface UserDetail extends UserSummary {
  permissions: string[];
  mustChangePassword: boolean;
  updatedAt: string;
}

/** The signed-in user as `/auth/login` and `/auth/me` return it (API.md "auth"). */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  departmentCode: string | null;
  departmentName: string | null;
  mustChangePassword: boolean;
}

/** A page of a list. */
export interface Page<T> {
  items: T[];
  next: string | null;
  total: number;
}
