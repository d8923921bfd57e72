/**
 * Typed calls and named types of the sensing API (`/api/v1/sensing/...`), each derived from the
 * generated OpenAPI types so that a change of a route's schema reaches these screens at compile
 * time. Kept beside the sensing screens so the shared `api/endpoints.ts` stays small.
 */
import { apiCall } from '../api/api-call.js';
import { ApiError, API_BASE, apiUrl, type Query } from '../api/client.js';
import { authApi } from '../api/endpoints.js';
import type { ApiBody, ApiQuery, ApiResponse, ItemOf } from '../api/operation-types.js';
import type { Problem } from '../api/types.js';

export type DeviceType = ItemOf<ApiResponse<'/sensing/device-types', 'get'>>;
export type ThingProperty = DeviceType['properties'][number];
export type ThingCommand = DeviceType['commands'][number];
export type CreateDeviceTypeBody = ApiBody<'/sensing/device-types', 'post'>;

export type Device = ApiResponse<'/sensing/devices/{id}', 'get'>;
export type DeviceState = Device['state'];
export type DeviceListQuery = ApiQuery<'/sensing/devices', 'get'>;
export type DeviceFilter = Omit<DeviceListQuery, 'limit' | 'cursor'>;
export type DeviceCollection = ApiResponse<'/sensing/devices.geojson', 'get'>;
export type DeviceFeature = DeviceCollection['features'][number];
export type CreateDeviceBody = ApiBody<'/sensing/devices', 'post'>;
export type UpdateDeviceBody = ApiBody<'/sensing/devices/{id}', 'patch'>;
export type CreatedDevice = ApiResponse<'/sensing/devices', 'post'>;
export type ImportResult = ApiResponse<'/sensing/devices/import', 'post'>;
export type ImportRejection = ImportResult['rejected'][number];

export type LatestValues = ApiResponse<'/sensing/devices/{id}/latest', 'get'>;
export type TelemetryQuery = ApiQuery<'/sensing/devices/{id}/telemetry', 'get'>;
export type TelemetrySeries = ApiResponse<'/sensing/devices/{id}/telemetry', 'get'>;
export type Bucket = NonNullable<TelemetryQuery['bucket']>;
export type Agg = NonNullable<TelemetryQuery['agg']>;
export type Rejection = ItemOf<ApiResponse<'/sensing/devices/{id}/rejections', 'get'>>;

export type DeviceCommand = ItemOf<ApiResponse<'/sensing/devices/{id}/commands', 'get'>>;
export type SendCommandBody = ApiBody<'/sensing/devices/{id}/commands', 'post'>;

export type Rule = ItemOf<ApiResponse<'/sensing/rules', 'get'>>;
export type RuleOperator = Rule['operator'];
export type Severity = Rule['severity'];
export type RuleListQuery = ApiQuery<'/sensing/rules', 'get'>;
export type CreateRuleBody = ApiBody<'/sensing/rules', 'post'>;
export type UpdateRuleBody = ApiBody<'/sensing/rules/{id}', 'patch'>;

export type Alarm = ItemOf<ApiResponse<'/sensing/alarms', 'get'>>;
export type AlarmDetail = ApiResponse<'/sensing/alarms/{id}', 'get'>;
export type AlarmListQuery = ApiQuery<'/sensing/alarms', 'get'>;
export type AlarmStatusFilter = NonNullable<AlarmListQuery['status']>;

export const sensingApi = {
  types: () => apiCall('get', '/sensing/device-types', {}),
  createType: (body: CreateDeviceTypeBody) => apiCall('post', '/sensing/device-types', { body }),

  listDevices: (query: DeviceListQuery, signal?: AbortSignal) => apiCall('get', '/sensing/devices', { query, signal }),
  devicesGeoJson: (query: DeviceFilter, signal?: AbortSignal) => apiCall('get', '/sensing/devices.geojson', { query, signal }),
  device: (id: string, signal?: AbortSignal) => apiCall('get', '/sensing/devices/{id}', { params: { id }, signal }),
  createDevice: (body: CreateDeviceBody) => apiCall('post', '/sensing/devices', { body }),
  updateDevice: (id: string, body: UpdateDeviceBody) => apiCall('patch', '/sensing/devices/{id}', { params: { id }, body }),
  rotateToken: (id: string) => apiCall('post', '/sensing/devices/{id}/token', { params: { id } }),
  latest: (id: string, signal?: AbortSignal) => apiCall('get', '/sensing/devices/{id}/latest', { params: { id }, signal }),
  telemetry: (id: string, query: TelemetryQuery, signal?: AbortSignal) =>
    apiCall('get', '/sensing/devices/{id}/telemetry', { params: { id }, query, signal }),
  rejections: (id: string, limit = 20, signal?: AbortSignal) =>
    apiCall('get', '/sensing/devices/{id}/rejections', { params: { id }, query: { limit }, signal }),

  listCommands: (id: string, limit = 10, signal?: AbortSignal) =>
    apiCall('get', '/sensing/devices/{id}/commands', { params: { id }, query: { limit }, signal }),
  /** Answers 202 with the command; the generated answer type covers 200/201 only, hence the cast. */
  sendCommand: (id: string, body: SendCommandBody) =>
    apiCall('post', '/sensing/devices/{id}/commands', { params: { id }, body }) as unknown as Promise<DeviceCommand>,

  listRules: (query: RuleListQuery, signal?: AbortSignal) => apiCall('get', '/sensing/rules', { query, signal }),
  createRule: (body: CreateRuleBody) => apiCall('post', '/sensing/rules', { body }),
  updateRule: (id: string, body: UpdateRuleBody) => apiCall('patch', '/sensing/rules/{id}', { params: { id }, body }),
  deleteRule: (id: string) => apiCall('delete', '/sensing/rules/{id}', { params: { id } }),

  listAlarms: (query: AlarmListQuery, signal?: AbortSignal) => apiCall('get', '/sensing/alarms', { query, signal }),
  acknowledge: (id: string, comment: string) => apiCall('post', '/sensing/alarms/{id}/acknowledge', { params: { id }, body: { comment } }),
};

/** Every open (active or acknowledged) alarm, read page by page; a city has a few hundred at most. */
export async function allOpenAlarms(signal?: AbortSignal): Promise<Alarm[]> {
  const out: Alarm[] = [];
  let cursor: string | undefined;
  do {
    const page = await sensingApi.listAlarms({ status: 'open', limit: 1000, cursor }, signal);
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

/** The URL of a device's series as CSV (the server renders it; the browser downloads it). */
export function telemetryCsvUrl(id: string, query: Query): string {
  return apiUrl(`/sensing/devices/${encodeURIComponent(id)}/telemetry.csv`, query);
}

/**
 * `POST /sensing/devices/import` with a CSV or JSON body. The generated client only sends JSON,
 * and the import also takes `text/csv`, so this one call is made by hand. A 422 carries the
 * per-row report in `rejected`; it is returned rather than thrown so the screen can show it.
 */
export async function importDevices(
  content: string,
  kind: 'csv' | 'json',
): Promise<{ ok: true; result: ImportResult } | { ok: false; rejected: ImportRejection[]; error: ApiError }> {
  // The client keeps the CSRF token private; the session answer carries it too.
  const { csrfToken } = await authApi.me();
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Content-Type': kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(`${API_BASE}/sensing/devices/import`, { method: 'POST', headers, body: content, credentials: 'same-origin' });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (res.ok) return { ok: true, result: body as ImportResult };
  // A problem+json body (with `rejected` on a 422), or whatever a proxy answered instead.
  const problem: Partial<Problem> & { rejected?: ImportRejection[] } =
    body && typeof body === 'object' ? body : { title: res.statusText || `HTTP ${res.status}` };
  return {
    ok: false,
    rejected: Array.isArray(problem.rejected) ? problem.rejected : [],
    error: new ApiError(res.status, problem, undefined, body),
  };
}
