/**
 * Typed calls of the platform API, one function per endpoint, grouped by module. Screens call
 * these instead of spelling paths.
 */
import { api, request, type Query } from './client.js';
import type {
  ApiKey,
  AreaCollection,
  AreaDetail,
  AreaLevel,
  AuditQuery,
  AuditRecord,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateDepartmentBody,
  CreateUserBody,
  CreateUserResult,
  CreatedApiKey,
  Department,
  DepartmentListQuery,
  GazetteerAddress,
  GeoSummary,
  GeocodeResult,
  LocateResult,
  LoginBody,
  OrgUnit,
  Page,
  Permission,
  ReverseResult,
  RoadCollection,
  Role,
  Session,
  UpdateDepartmentBody,
  UpdateUserBody,
  UserListQuery,
  UserSummary,
} from './types.js';

const enc = encodeURIComponent;

export const authApi = {
  login: (body: LoginBody) => request<Session>('POST', '/auth/login', { body, allowUnauthorized: true }),
  logout: () => request<void>('POST', '/auth/logout', { body: {}, allowUnauthorized: true }),
  me: () => request<Session>('GET', '/auth/me', { allowUnauthorized: true }),
  changePassword: (body: ChangePasswordBody) => api.post<void>('/auth/change-password', body),
};

export const orgApi = {
  roles: () => api.get<{ items: Role[] }>('/org/roles'),
  permissions: () => api.get<{ items: Permission[] }>('/org/permissions'),
  units: (query: { parentCode?: string; level?: string } = {}) => api.get<{ items: OrgUnit[] }>('/org/units', query),

  listUsers: (query: UserListQuery, signal?: AbortSignal) => api.get<Page<UserSummary>>('/org/users', query as Query, signal),
  getUser: (id: string) => api.get<UserSummary>(`/org/users/${enc(id)}`),
  createUser: (body: CreateUserBody) => api.post<CreateUserResult>('/org/users', body),
  updateUser: (id: string, body: UpdateUserBody) => api.patch<UserSummary>(`/org/users/${enc(id)}`, body),
  resetPassword: (id: string) => api.post<{ password: string }>(`/org/users/${enc(id)}/reset-password`, {}),

  listDepartments: (query: DepartmentListQuery, signal?: AbortSignal) =>
    api.get<Page<Department>>('/org/departments', query as Query, signal),
  getDepartment: (code: string) => api.get<Department>(`/org/departments/${enc(code)}`),
  createDepartment: (body: CreateDepartmentBody) => api.post<Department>('/org/departments', body),
  updateDepartment: (code: string, body: UpdateDepartmentBody) => api.patch<Department>(`/org/departments/${enc(code)}`, body),

  listApiKeys: () => api.get<{ items: ApiKey[] }>('/org/api-keys'),
  createApiKey: (body: CreateApiKeyBody) => api.post<CreatedApiKey>('/org/api-keys', body),
  revokeApiKey: (id: string) => api.del(`/org/api-keys/${enc(id)}`),
};

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => api.get<Page<AuditRecord>>('/audit', query as Query, signal),
};

export const geoApi = {
  summary: () => api.get<GeoSummary>('/geo/summary'),
  locate: (lon: number, lat: number, signal?: AbortSignal) => api.get<LocateResult>('/geo/locate', { lon, lat }, signal),
  areas: (level: AreaLevel, query: { bbox?: string; parentCode?: string } = {}, signal?: AbortSignal) =>
    api.get<AreaCollection>('/geo/areas', { level, ...query }, signal),
  area: (code: string, signal?: AbortSignal) => api.get<AreaDetail>(`/geo/areas/${enc(code)}`, undefined, signal),
  roads: (signal?: AbortSignal) => api.get<RoadCollection>('/geo/roads', undefined, signal),
  geocode: (q: string, limit = 8, signal?: AbortSignal) => api.get<GeocodeResult>('/geo/geocode', { q, limit }, signal),
  reverse: (lon: number, lat: number, signal?: AbortSignal) => api.get<ReverseResult>('/geo/reverse', { lon, lat }, signal),
  addresses: (query: { q?: string; gridCode?: string; limit?: number; cursor?: string }) =>
    api.get<Page<GazetteerAddress>>('/geo/addresses', query),
};
