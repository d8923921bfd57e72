/**
 * Typed calls and named types of the cases API (`/api/v1/cases/...`) and the working calendar
 * (`/api/v1/calendar/...`), derived from the generated OpenAPI types so a change of a route's
 * schema reaches these screens at compile time.
 */
import { apiCall } from '../api/api-call.js';
import { request } from '../api/client.js';
import type { ApiBody, ApiQuery, ApiResponse, ItemOf } from '../api/operation-types.js';

export type CaseDetail = ApiResponse<'/cases/{id}', 'get'>;
export type CaseItem = ItemOf<ApiResponse<'/cases', 'get'>>;
export type CaseListQuery = ApiQuery<'/cases', 'get'>;
export type CaseFilter = Omit<CaseListQuery, 'limit' | 'cursor'>;
export type CaseStatus = CaseItem['status'];
export type CaseCard = CaseItem['card'];
export type Channel = CaseItem['channel'];
export type RequestType = NonNullable<CaseItem['requestType']>;
export type TimelineEntry = CaseDetail['timeline'][number];
export type CreateCaseBody = ApiBody<'/cases', 'post'>;
export type TransitionBody = ApiBody<'/cases/{id}/transitions', 'post'>;
export type CaseAction = TransitionBody['action'];
export type Satisfaction = NonNullable<TransitionBody['satisfaction']>;
export type Duplicate = ItemOf<ApiResponse<'/cases/duplicate-check', 'post'>>;
export type Candidate = ApiResponse<'/cases/classify', 'post'>['candidates'][number];
export type CategoryNode = ItemOf<ApiResponse<'/cases/categories', 'get'>>;
export type Category = CategoryNode['children'][number];
export type UpdateCategoryBody = ApiBody<'/cases/categories/{code}', 'patch'>;
export type ClassifierReport = ApiResponse<'/cases/classifier/report', 'get'>;
export type PublicStatus = ApiResponse<'/cases/status', 'get'>;
export type KbHit = ItemOf<ApiResponse<'/cases/knowledge', 'get'>>;
export type KbArticle = KbHit['article'];
export type KbQuery = ApiQuery<'/cases/knowledge', 'get'>;
export type CreateArticleBody = ApiBody<'/cases/knowledge', 'post'>;
export type UpdateArticleBody = ApiBody<'/cases/knowledge/{id}', 'patch'>;
export type CalendarDay = ItemOf<ApiResponse<'/calendar/days', 'get'>>;
export type CalendarYear = ItemOf<ApiResponse<'/calendar/years', 'get'>>;
export type WorkingPeriod = ApiResponse<'/calendar/working-hours', 'get'>['periods'][number];

export const casesApi = {
  list: (query: CaseListQuery, signal?: AbortSignal) => apiCall('get', '/cases', { query, signal }),
  get: (id: string, signal?: AbortSignal) => apiCall('get', '/cases/{id}', { params: { id }, signal }),
  create: (body: CreateCaseBody) => apiCall('post', '/cases', { body }),
  transition: (id: string, body: TransitionBody) => apiCall('post', '/cases/{id}/transitions', { params: { id }, body }),
  /** The caller's earlier cases by full phone number (needs `cases.personal.read`; audited). */
  callerHistory: (phone: string, signal?: AbortSignal) => apiCall('get', '/cases/caller-history', { query: { phone, limit: 10 }, signal }),
  duplicatesOf: (id: string, signal?: AbortSignal) => apiCall('get', '/cases/{id}/duplicates', { params: { id }, signal }),
  duplicateCheck: (body: ApiBody<'/cases/duplicate-check', 'post'>, signal?: AbortSignal) =>
    apiCall('post', '/cases/duplicate-check', { body, signal }),
  classify: (text: string, signal?: AbortSignal) => apiCall('post', '/cases/classify', { body: { text, limit: 5 }, signal }),
  categories: (signal?: AbortSignal) => apiCall('get', '/cases/categories', { signal }),
  updateCategory: (code: string, body: UpdateCategoryBody) => apiCall('patch', '/cases/categories/{code}', { params: { code }, body }),
  classifierReport: (signal?: AbortSignal) => apiCall('get', '/cases/classifier/report', { signal }),
  retrain: () => apiCall('post', '/cases/classifier/retrain', {}),
  knowledge: (query: KbQuery, signal?: AbortSignal) => apiCall('get', '/cases/knowledge', { query, signal }),
  suggest: (text: string, categoryCode?: string, signal?: AbortSignal) =>
    apiCall('post', '/cases/knowledge/suggest', { body: { text, limit: 3, ...(categoryCode ? { categoryCode } : {}) }, signal }),
  article: (id: string, signal?: AbortSignal) => apiCall('get', '/cases/knowledge/{id}', { params: { id }, signal }),
  createArticle: (body: CreateArticleBody) => apiCall('post', '/cases/knowledge', { body }),
  updateArticle: (id: string, body: UpdateArticleBody) => apiCall('patch', '/cases/knowledge/{id}', { params: { id }, body }),
  /** The public lookup: no session needed, so a 401 must not send the citizen to the login page. */
  publicStatus: (number: string, phoneLast4: string) =>
    apiCall('get', '/cases/status', { query: { number, phoneLast4 }, allowUnauthorized: true }),
};

export const calendarApi = {
  add: (query: ApiQuery<'/calendar/add', 'get'>, signal?: AbortSignal) => apiCall('get', '/calendar/add', { query, signal }),
  years: (signal?: AbortSignal) => apiCall('get', '/calendar/years', { signal }),
  days: (year: number, signal?: AbortSignal) => apiCall('get', '/calendar/days', { query: { year }, signal }),
  setDay: (day: string, kind: CalendarDay['kind'], name: string) =>
    apiCall('put', '/calendar/days/{day}', { params: { day }, body: { kind, name } }),
  deleteDay: (day: string) => apiCall('delete', '/calendar/days/{day}', { params: { day } }),
  workingHours: (signal?: AbortSignal) => apiCall('get', '/calendar/working-hours', { signal }),
  setWorkingHours: (periods: WorkingPeriod[]) => apiCall('put', '/calendar/working-hours', { body: { periods } }),
  /**
   * `POST /calendar/import`: the route takes JSON or CSV and declares no body schema, so the
   * generated types know no body; this one call goes through the client by hand.
   */
  import: (body: { year?: number; official?: boolean; source?: string; days: Array<{ day: string; kind: string; name: string }> }) =>
    request<ApiResponse<'/calendar/import', 'post'>>('POST', '/calendar/import', { body }),
};

/** Every case of a filter, page by page, up to `max` (the map draws the open ones of a city). */
export async function allCases(filter: CaseFilter, max = 5000, signal?: AbortSignal): Promise<CaseItem[]> {
  const out: CaseItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await casesApi.list({ ...filter, limit: 1000, cursor }, signal);
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor && out.length < max);
  return out;
}
