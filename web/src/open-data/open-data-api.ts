/**
 * Typed calls of the public open-data API (`/api/v1/open-data/...`), anonymous: a 401 never
 * sends a citizen to the staff login.
 */
import { apiCall } from '../api/api-call.js';
import type { ApiBody, ApiQuery, ApiResponse } from '../api/operation-types.js';

export type OpenDatasetPage = ApiResponse<'/open-data/datasets', 'get'>;
export type OpenDatasetSummary = OpenDatasetPage['items'][number];
export type OpenFacetItem = OpenDatasetPage['facets']['theme'][number];
export type OpenSearchQuery = ApiQuery<'/open-data/datasets', 'get'>;
export type OpenDataset = ApiResponse<'/open-data/datasets/{id}', 'get'>;
export type OpenDataPage = ApiResponse<'/open-data/datasets/{id}/data', 'get'>;
export type OpenApplicationBody = ApiBody<'/open-data/datasets/{id}/applications', 'post'>;
export type OpenApplicationReceipt = ApiResponse<'/open-data/datasets/{id}/applications', 'post'>;

export const openDataApi = {
  search: (query: OpenSearchQuery, signal?: AbortSignal) =>
    apiCall('get', '/open-data/datasets', { query, signal, allowUnauthorized: true }),
  dataset: (id: string) => apiCall('get', '/open-data/datasets/{id}', { params: { id }, allowUnauthorized: true }),
  data: (id: string, limit: number, cursor?: string) =>
    apiCall('get', '/open-data/datasets/{id}/data', { params: { id }, query: { limit, cursor }, allowUnauthorized: true }),
  apply: (id: string, body: OpenApplicationBody) =>
    apiCall('post', '/open-data/datasets/{id}/applications', { params: { id }, body, allowUnauthorized: true }),
};
