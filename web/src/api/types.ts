/**
 * Named types of the platform API for the screens, each derived from the generated OpenAPI types
 * (`schema.d.ts`, `npm run gen:api`) so that a change of a route's schema reaches the web app at
 * compile time. Nothing here restates a server shape by hand; the two exceptions at the end say why.
 */
import type { ApiBody, ApiPath, ApiQuery, ApiResponse, ItemOf, MethodOf } from './operation-types.js';

type Json<P extends ApiPath, M extends MethodOf<P>> = ApiResponse<P, M>;
type Items<P extends ApiPath> = 'get' extends MethodOf<P> ? ItemOf<ApiResponse<P, 'get'>> : never;

// ---------------------------------------------------------------- auth

/** The session `GET /auth/me` answers (`POST /auth/login` answers the same with a token always set). */
export type Session = Json<'/auth/me', 'get'>;
/** The signed-in user. */
export type SessionUser = Session['user'];
export type LoginBody = ApiBody<'/auth/login', 'post'>;
export type ChangePasswordBody = ApiBody<'/auth/change-password', 'post'>;

// ---------------------------------------------------------------- org

export type Role = Items<'/org/roles'>;
export type Permission = Items<'/org/permissions'>;
/** The role codes that request bodies and filters accept. */
export type RoleCode = CreateUserBody['roles'][number];

export type OrgUnit = Items<'/org/units'>;
export type OrgUnitLevel = OrgUnit['level'];
export type OrgUnitQuery = ApiQuery<'/org/units', 'get'>;

/** A user as lists show them (phones masked, e.g. 138****8000, unless you may manage users). */
export type UserSummary = Items<'/org/users'>;
/** One user with their permissions, as reading, creating or changing one answers. */
export type UserDetail = Json<'/org/users/{id}', 'get'>;
export type UserStatus = UserSummary['status'];
export type UserListQuery = ApiQuery<'/org/users', 'get'>;
export type CreateUserBody = ApiBody<'/org/users', 'post'>;
/** The created user; `password` is present only when none was given, and shown once. */
export type CreateUserResult = Json<'/org/users', 'post'>;
export type UpdateUserBody = ApiBody<'/org/users/{id}', 'patch'>;
export type ResetPasswordResult = Json<'/org/users/{id}/reset-password', 'post'>;

export type Department = Items<'/org/departments'>;
export type DepartmentKind = Department['kind'];
export type DepartmentListQuery = ApiQuery<'/org/departments', 'get'>;
export type CreateDepartmentBody = ApiBody<'/org/departments', 'post'>;
export type UpdateDepartmentBody = ApiBody<'/org/departments/{code}', 'patch'>;

export type ApiKey = Items<'/org/api-keys'>;
export type CreateApiKeyBody = ApiBody<'/org/api-keys', 'post'>;
/** The created key; `key` (zk_…) is shown once and never again. */
export type CreatedApiKey = Json<'/org/api-keys', 'post'>;

// ---------------------------------------------------------------- audit

export type AuditRecord = Items<'/audit'>;
export type AuditQuery = ApiQuery<'/audit', 'get'>;

// ---------------------------------------------------------------- geo

export type GeoSummary = Json<'/geo/summary', 'get'>;

/** Where a point lies; a level is null where the city has no area of that level there. */
export type LocateResult = Json<'/geo/locate', 'get'>;
export type CodeName = NonNullable<LocateResult['grid']>;

/** Areas as GeoJSON; the API declares `geometry` only as an open object. */
export type AreaCollection = Json<'/geo/areas', 'get'>;
export type AreaProperties = AreaCollection['features'][number]['properties'];
export type AreaLevel = AreaProperties['level'];
export type AreaQuery = ApiQuery<'/geo/areas', 'get'>;
/** One area with its path from the district down; `center` is a point inside it [lon, lat]. */
export type AreaDetail = Json<'/geo/areas/{code}', 'get'>;

export type RoadCollection = Json<'/geo/roads', 'get'>;
export type RoadProperties = RoadCollection['features'][number]['properties'];
export type RoadKind = RoadProperties['kind'];

export type GeocodeResult = Json<'/geo/geocode', 'get'>;
/** One answer of the geocoder; `score` is 0..1. */
export type GeocodeCandidate = GeocodeResult['candidates'][number];
export type ReverseResult = Json<'/geo/reverse', 'get'>;

export type GazetteerAddress = Items<'/geo/addresses'>;
export type AddressQuery = ApiQuery<'/geo/addresses', 'get'>;

// ---------------------------------------------------------------- not in the OpenAPI document

/**
 * RFC 9457 problem details, as the kernel's error handler sends them for every `/api/v1` error.
 * Hand-written because the OpenAPI document declares no error responses yet; when it does, derive
 * this from there.
 */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/**
 * The client's view of the list convention (`limit` + opaque cursor → `items`, `next`, and
 * `total` where the list counts). Generic, so it cannot be generated; every list response is
 * checked against it where it is paged (`useCursorList`, `ExportButton`).
 */
export interface Page<T> {
  items: T[];
  next: string | null;
  total?: number;
}
