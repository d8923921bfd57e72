/**
 * One call of a platform API operation, typed end to end by the generated OpenAPI types: the path
 * must exist with that method, and its path parameters, query, body and answer are the ones the
 * server declares.
 *
 * @example
 *   const user = await apiCall('patch', '/org/users/{id}', { params: { id }, body: { status: 'disabled' } });
 */
import { request, type Query } from './client.js';
import type { ApiBody, ApiPath, ApiPathParams, ApiQuery, ApiResponse, MethodOf } from './operation-types.js';

/** What goes with a call; `params` is required exactly when the path has `{name}` segments. */
export type ApiCallOptions<P extends ApiPath, M extends MethodOf<P>> = {
  query?: ApiQuery<P, M>;
  body?: ApiBody<P, M>;
  signal?: AbortSignal;
  /** Do not run the 401 handler (login and the initial "who am I" expect a 401). */
  allowUnauthorized?: boolean;
} & ([ApiPathParams<P, M>] extends [never] ? { params?: never } : { params: ApiPathParams<P, M> });

/** Fill `{name}` segments from `params`, each URI-encoded. */
function expandPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** Call `method path` and return its parsed answer (undefined for 204). */
export function apiCall<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  options: ApiCallOptions<P, M>,
): Promise<ApiResponse<P, M>> {
  return request<ApiResponse<P, M>>(method.toUpperCase(), expandPath(path, options.params as Record<string, string> | undefined), {
    // Generated query types are plain objects of scalars, which is what a Query is.
    query: options.query as Query | undefined,
    body: options.body,
    signal: options.signal,
    allowUnauthorized: options.allowUnauthorized,
  });
}
