/**
 * Typed calls and named types of the catalog API (`/api/v1/catalog/...`), derived from the
 * generated OpenAPI types so a change of a route's schema reaches the 数据 screens at compile time.
 * Uploads and CSV exports are the two calls made by hand (multipart with progress, a download).
 */
import { apiCall } from '../api/api-call.js';
import { ApiError, API_BASE, apiUrl, type Query } from '../api/client.js';
import { authApi } from '../api/endpoints.js';
import type { ApiBody, ApiQuery, ApiResponse, ItemOf } from '../api/operation-types.js';
import type { Problem } from '../api/types.js';

export type Resource = ApiResponse<'/catalog/resources/{id}', 'get'>;
export type ResourceField = Resource['fields'][number];
export type ResourcePage = ApiResponse<'/catalog/resources', 'get'>;
export type ResourceQuery = ApiQuery<'/catalog/resources', 'get'>;
export type ResourceFilter = Omit<ResourceQuery, 'limit' | 'cursor'>;
export type FacetName = keyof ResourcePage['facets'];
export type CreateResourceBody = ApiBody<'/catalog/resources', 'post'>;
export type PatchResourceBody = ApiBody<'/catalog/resources/{id}', 'patch'>;
export type FieldInput = CreateResourceBody['fields'][number];
export type ShareType = Resource['shareType'];
export type OpenType = Resource['openType'];
export type Grade = Resource['grade'];
export type UpdateCycle = Resource['updateCycle'];
export type FieldType = ResourceField['type'];
export type PersonalClass = NonNullable<ResourceField['personal']>;
export type ResourceStatus = Resource['status'];

export type LoadReport = ApiResponse<'/catalog/resources/{id}/loads', 'post'>;
export type Rejection = LoadReport['rejected'][number];
export type LoadInfo = ItemOf<ApiResponse<'/catalog/resources/{id}/loads', 'get'>>;
export type Versions = ApiResponse<'/catalog/resources/{id}/versions', 'get'>;
export type Version = Versions['items'][number];
export type Diff = ApiResponse<'/catalog/resources/{id}/diff', 'get'>;
export type DataPage = ApiResponse<'/catalog/resources/{id}/data', 'get'>;
export type AccessLogEntry = ItemOf<ApiResponse<'/catalog/resources/{id}/access-log', 'get'>>;
export type Quality = ApiResponse<'/catalog/resources/{id}/quality', 'get'>;
export type Overview = ApiResponse<'/catalog/overview', 'get'>;

export type ShareRequest = ItemOf<ApiResponse<'/catalog/share-requests', 'get'>>;
export type ShareStatus = ShareRequest['status'];
export type Box = NonNullable<ApiQuery<'/catalog/share-requests', 'get'>['box']>;
export type CreateShareRequestBody = ApiBody<'/catalog/share-requests', 'post'>;
export type ApproveBody = ApiBody<'/catalog/share-requests/{id}/approve', 'post'>;
export type Approval = ApiResponse<'/catalog/share-requests/{id}/approve', 'post'>;
export type Grant = ItemOf<ApiResponse<'/catalog/grants', 'get'>>;

export const SHARE_TYPES: readonly ShareType[] = ['unconditional', 'conditional', 'none'];
export const OPEN_TYPES: readonly OpenType[] = ['unconditional', 'conditional', 'none'];
export const GRADES: readonly Grade[] = ['general', 'important', 'core'];
export const UPDATE_CYCLES: readonly UpdateCycle[] = [
  'realtime',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'half_yearly',
  'yearly',
  'irregular',
];
export const FIELD_TYPES: readonly FieldType[] = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'geometry'];
export const PERSONAL_CLASSES: readonly PersonalClass[] = ['name', 'phone', 'id_number', 'address', 'other'];

export const catalogApi = {
  search: (query: ResourceQuery, signal?: AbortSignal) => apiCall('get', '/catalog/resources', { query, signal }),
  resource: (id: string, signal?: AbortSignal) => apiCall('get', '/catalog/resources/{id}', { params: { id }, signal }),
  create: (body: CreateResourceBody) => apiCall('post', '/catalog/resources', { body }),
  update: (id: string, body: PatchResourceBody) => apiCall('patch', '/catalog/resources/{id}', { params: { id }, body }),
  setStatus: (id: string, status: ResourceStatus) =>
    apiCall('post', '/catalog/resources/{id}/status', { params: { id }, body: { status } }),

  loads: (id: string, signal?: AbortSignal) =>
    apiCall('get', '/catalog/resources/{id}/loads', { params: { id }, query: { limit: 20 }, signal }),
  versions: (id: string, signal?: AbortSignal) => apiCall('get', '/catalog/resources/{id}/versions', { params: { id }, signal }),
  diff: (id: string, from: number, to: number, signal?: AbortSignal) =>
    apiCall('get', '/catalog/resources/{id}/diff', { params: { id }, query: { from, to, limit: 100 }, signal }),
  rollback: (id: string, version: number) => apiCall('post', '/catalog/resources/{id}/rollback', { params: { id }, body: { version } }),

  /** The generated query type has no room for `<field>=<value>` filters: they ride in `filters`. */
  data: (
    id: string,
    query: { fields?: string; limit: number; cursor?: string; purpose?: string },
    filters: Record<string, string>,
    signal?: AbortSignal,
  ) =>
    apiCall('get', '/catalog/resources/{id}/data', {
      params: { id },
      query: { ...filters, ...query, format: 'json' } as ApiQuery<'/catalog/resources/{id}/data', 'get'>,
      signal,
    }),
  accessLog: (id: string, cursor: string | undefined, limit: number, signal?: AbortSignal) =>
    apiCall('get', '/catalog/resources/{id}/access-log', { params: { id }, query: { limit, cursor }, signal }),
  quality: (id: string, signal?: AbortSignal) => apiCall('get', '/catalog/resources/{id}/quality', { params: { id }, signal }),
  overview: (signal?: AbortSignal) => apiCall('get', '/catalog/overview', { signal }),

  requests: (box: Box, cursor: string | undefined, limit: number, status?: ShareStatus, signal?: AbortSignal) =>
    apiCall('get', '/catalog/share-requests', { query: { box, cursor, limit, status }, signal }),
  requestShare: (body: CreateShareRequestBody) => apiCall('post', '/catalog/share-requests', { body }),
  approve: (id: string, body: ApproveBody) => apiCall('post', '/catalog/share-requests/{id}/approve', { params: { id }, body }),
  refuse: (id: string, reason: string) => apiCall('post', '/catalog/share-requests/{id}/refuse', { params: { id }, body: { reason } }),
  withdraw: (id: string) => apiCall('post', '/catalog/share-requests/{id}/withdraw', { params: { id } }),
  grants: (box: Box, signal?: AbortSignal) => apiCall('get', '/catalog/grants', { query: { box }, signal }),
  revoke: (id: string, reason: string) => apiCall('post', '/catalog/grants/{id}/revoke', { params: { id }, body: { reason } }),
};

/** The URL of the current data as CSV with the same fields and filters (masked the same way). */
export function dataCsvUrl(id: string, fields: string | undefined, filters: Record<string, string>): string {
  const query: Query = { ...filters, fields, format: 'csv' };
  return apiUrl(`/catalog/resources/${encodeURIComponent(id)}/data`, query);
}

/** What an upload ends with: the report, or the refusal with its per-row reasons. */
export type UploadOutcome = { ok: true; report: LoadReport } | { ok: false; error: ApiError; rejected: Rejection[]; rejectedCount: number };

/**
 * `POST /catalog/resources/{id}/loads` with the file as multipart form data. Sent with
 * XMLHttpRequest because fetch reports no upload progress; a refused all-or-nothing load answers
 * a problem carrying `rejected`, which is returned (not thrown) so the wizard can show it.
 */
export async function uploadLoad(id: string, file: File, partial: boolean, onProgress: (fraction: number) => void): Promise<UploadOutcome> {
  // The client keeps the CSRF token private; the session answer carries it too.
  const { csrfToken } = await authApi.me();
  const form = new FormData();
  form.append('file', file, file.name);
  const url = `${API_BASE}/catalog/resources/${encodeURIComponent(id)}/loads${partial ? '?partial=true' : ''}`;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, text: '' });
    xhr.send(form);
  });
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (status >= 200 && status < 300) return { ok: true, report: body as LoadReport };
  const problem: Partial<Problem> & { rejected?: Rejection[]; rejectedCount?: number } =
    body && typeof body === 'object' ? body : { title: status === 0 ? 'network' : `HTTP ${status}` };
  const rejected = Array.isArray(problem.rejected) ? problem.rejected : [];
  return {
    ok: false,
    error: new ApiError(status, problem, undefined, body),
    rejected,
    rejectedCount: typeof problem.rejectedCount === 'number' ? problem.rejectedCount : rejected.length,
  };
}
