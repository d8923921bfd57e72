/**
 * Hand-written types of the platform API (/tmp/zc/API.md), kept in this one file so that they can
 * be swapped for the ones openapi-typescript generates from /api/openapi.json (schema.d.ts)
 * without touching the screens.
 */
import type { FeatureCollection, Geometry, LineString, MultiPolygon, Polygon } from 'geojson';

/** RFC 9457 problem details as the platform sends them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** A cursor-paged list. `total` is the count for the whole filter, not the page. */
export interface Page<T> {
  items: T[];
  next: string | null;
  total?: number;
}

// ---------------------------------------------------------------- auth

export type RoleCode = 'admin' | 'operator' | 'dispatcher' | 'handler' | 'inspector' | 'data_steward' | 'commander' | 'analyst';

/** The signed-in user. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  departmentCode: string | null;
  departmentName: string | null;
  mustChangePassword: boolean;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

export interface LoginBody {
  username: string;
  password: string;
}

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

// ---------------------------------------------------------------- org

export interface Role {
  code: string;
  name: string;
  nameEn: string;
  permissions: string[];
}

export interface Permission {
  code: string;
  name: string;
  nameEn: string;
}

export type OrgUnitLevel = 'city' | 'district' | 'street' | 'community';

export interface OrgUnit {
  code: string;
  name: string;
  level: OrgUnitLevel;
  parentCode: string | null;
}

export type UserStatus = 'active' | 'disabled' | 'locked';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  /** Masked, e.g. 138****8000. */
  phone: string | null;
  roles: string[];
  departmentCode: string | null;
  departmentName: string | null;
  status: UserStatus;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UserListQuery {
  q?: string;
  role?: string;
  departmentCode?: string;
  status?: 'active' | 'disabled';
  limit?: number;
  cursor?: string;
}

export interface CreateUserBody {
  username: string;
  displayName: string;
  password?: string;
  roles: string[];
  departmentCode?: string;
  phone?: string;
}

export interface CreateUserResult {
  user: UserSummary;
  /** The generated password, present only when none was given; shown once. */
  password?: string;
}

export interface UpdateUserBody {
  displayName?: string;
  roles?: string[];
  departmentCode?: string | null;
  phone?: string | null;
  status?: 'active' | 'disabled';
}

export type DepartmentKind = 'bureau' | 'district_office' | 'street_office' | 'enterprise' | 'centre';

export const DEPARTMENT_KINDS: readonly DepartmentKind[] = ['bureau', 'district_office', 'street_office', 'enterprise', 'centre'];

export interface Department {
  code: string;
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  orgUnitName: string | null;
  parentCode: string | null;
  phone: string | null;
  status: 'active' | 'disabled';
  userCount: number;
}

export interface DepartmentListQuery {
  q?: string;
  kind?: DepartmentKind;
  orgUnitCode?: string;
  status?: 'active' | 'disabled';
  limit?: number;
  cursor?: string;
}

export interface CreateDepartmentBody {
  code: string;
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  parentCode?: string;
  phone?: string;
}

export interface UpdateDepartmentBody {
  name?: string;
  kind?: DepartmentKind;
  orgUnitCode?: string;
  parentCode?: string | null;
  phone?: string;
  status?: 'active' | 'disabled';
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiKeyBody {
  name: string;
  permissions: string[];
}

/** The created key; `key` (zk_…) is shown once and never again. */
export interface CreatedApiKey extends Partial<ApiKey> {
  id: string;
  key: string;
}

// ---------------------------------------------------------------- audit

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  hash: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

// ---------------------------------------------------------------- geo

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

export interface CodeName {
  code: string;
  name: string;
}

export interface GeoSummary {
  city: CodeName;
  counts: { district: number; street: number; community: number; grid: number; address: number; road: number };
  bbox: [number, number, number, number];
}

/** Where a point lies; a level is null where the city has no area of that level there. */
export interface LocateResult {
  district: CodeName | null;
  street: CodeName | null;
  community: CodeName | null;
  grid: CodeName | null;
}

export interface AreaProperties {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
}

export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties>;

export interface AreaDetail {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  path: Array<{ code: string; name: string; level: AreaLevel }>;
  childCount: number;
  areaSqm: number;
  bbox: [number, number, number, number];
  /** A point inside the area [lon, lat]. */
  center?: [number, number];
  geometry: Geometry;
}

export type RoadKind = 'trunk' | 'primary' | 'secondary' | 'branch';

export interface RoadProperties {
  id: string;
  name: string;
  kind: RoadKind;
}

export type RoadCollection = FeatureCollection<LineString, RoadProperties>;

export interface GeocodeCandidate {
  address: string;
  lon: number;
  lat: number;
  /** 0..1 */
  score: number;
  kind: 'door' | 'building' | 'poi' | 'interpolated' | 'road' | 'area';
  addressId?: string | null;
  /** Name of the place (POI) or area, when the answer is one. */
  name?: string | null;
  grid: CodeName | null;
  community: CodeName | null;
  street: CodeName | null;
  district: CodeName | null;
}

export interface GeocodeResult {
  query: string;
  parsed: Record<string, unknown>;
  candidates: GeocodeCandidate[];
}

export interface ReverseResult {
  address: string;
  lon: number;
  lat: number;
  distanceMeters: number;
  grid: CodeName | null;
}

export interface GazetteerAddress {
  id: string;
  fullAddress: string;
  kind: string;
  lon: number;
  lat: number;
  gridCode: string;
}
