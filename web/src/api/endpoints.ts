/**
 * Typed calls of the platform API, one function per endpoint, grouped by module. Screens call
 * these instead of spelling paths; every path, parameter, body and answer is checked against the
 * generated OpenAPI types (see api-call.ts).
 */
import { apiCall } from './api-call.js';
import type {
  AddressQuery,
  AreaLevel,
  AreaQuery,
  AuditQuery,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateDepartmentBody,
  CreateUserBody,
  DepartmentListQuery,
  LoginBody,
  OrgUnitQuery,
  UpdateDepartmentBody,
  UpdateUserBody,
  UserListQuery,
} from './types.js';

export const authApi = {
  login: (body: LoginBody) => apiCall('post', '/auth/login', { body, allowUnauthorized: true }),
  logout: () => apiCall('post', '/auth/logout', { allowUnauthorized: true }),
  me: () => apiCall('get', '/auth/me', { allowUnauthorized: true }),
  changePassword: (body: ChangePasswordBody) => apiCall('post', '/auth/change-password', { body }),
};

export const orgApi = {
  roles: () => apiCall('get', '/org/roles', {}),
  permissions: () => apiCall('get', '/org/permissions', {}),
  units: (query: OrgUnitQuery = {}) => apiCall('get', '/org/units', { query }),

  listUsers: (query: UserListQuery, signal?: AbortSignal) => apiCall('get', '/org/users', { query, signal }),
  getUser: (id: string) => apiCall('get', '/org/users/{id}', { params: { id } }),
  createUser: (body: CreateUserBody) => apiCall('post', '/org/users', { body }),
  updateUser: (id: string, body: UpdateUserBody) => apiCall('patch', '/org/users/{id}', { params: { id }, body }),
  /** A generated password, shown once. */
  resetPassword: (id: string) => apiCall('post', '/org/users/{id}/reset-password', { params: { id }, body: {} }),

  listDepartments: (query: DepartmentListQuery, signal?: AbortSignal) => apiCall('get', '/org/departments', { query, signal }),
  getDepartment: (code: string) => apiCall('get', '/org/departments/{code}', { params: { code } }),
  createDepartment: (body: CreateDepartmentBody) => apiCall('post', '/org/departments', { body }),
  updateDepartment: (code: string, body: UpdateDepartmentBody) => apiCall('patch', '/org/departments/{code}', { params: { code }, body }),

  listApiKeys: () => apiCall('get', '/org/api-keys', {}),
  createApiKey: (body: CreateApiKeyBody) => apiCall('post', '/org/api-keys', { body }),
  revokeApiKey: (id: string) => apiCall('delete', '/org/api-keys/{id}', { params: { id } }),
};

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => apiCall('get', '/audit', { query, signal }),
};

export const geoApi = {
  summary: () => apiCall('get', '/geo/summary', {}),
  locate: (lon: number, lat: number, signal?: AbortSignal) => apiCall('get', '/geo/locate', { query: { lon, lat }, signal }),
  areas: (level: AreaLevel, query: Omit<AreaQuery, 'level'> = {}, signal?: AbortSignal) =>
    apiCall('get', '/geo/areas', { query: { level, ...query }, signal }),
  area: (code: string, signal?: AbortSignal) => apiCall('get', '/geo/areas/{code}', { params: { code }, signal }),
  roads: (signal?: AbortSignal) => apiCall('get', '/geo/roads', { signal }),
  geocode: (q: string, limit = 8, signal?: AbortSignal) => apiCall('get', '/geo/geocode', { query: { q, limit }, signal }),
  reverse: (lon: number, lat: number, signal?: AbortSignal) => apiCall('get', '/geo/reverse', { query: { lon, lat }, signal }),
  addresses: (query: AddressQuery) => apiCall('get', '/geo/addresses', { query }),
};
