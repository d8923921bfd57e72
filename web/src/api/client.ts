/**
 * The one way the web app talks to the platform API (`/api/v1` on the same origin).
 *
 * - sends the session cookie (`credentials: 'same-origin'`) and, on unsafe methods, the CSRF token
 *   that login / me returned;
 * - turns `application/problem+json` answers into an {@link ApiError} that forms can map onto
 *   their fields (`errors[].path`);
 * - on 401 (session gone, e.g. 30 min idle) hands over to the registered handler, which sends the
 *   user to /login and back afterwards.
 *
 * Screens do not call this directly: `endpoints.ts` calls it through `apiCall`, typed by the
 * generated OpenAPI types.
 *
 * @example
 *   const session = await request<Session>('GET', '/auth/me', { allowUnauthorized: true });
 */
import type { Problem } from './types.js';

export const API_BASE = '/api/v1';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An API call that did not succeed; carries the problem details the server sent. */
export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** One entry per bad field; `path` names the field (`/username`, `username`, `body/username`). */
  readonly errors: Array<{ path: string; message: string }>;
  /** Seconds from a `Retry-After` header (lockout, rate limit), when sent. */
  readonly retryAfterSeconds: number | undefined;
  /** The raw problem body, for fields a screen may know about (e.g. `rejected`). */
  readonly body: unknown;

  constructor(status: number, problem: Partial<Problem>, retryAfterSeconds?: number, body?: unknown) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = problem.title ?? `HTTP ${status}`;
    this.detail = problem.detail;
    this.type = problem.type;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfterSeconds = retryAfterSeconds;
    this.body = body;
  }
}

/** Query parameters; empty strings, null and undefined are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not run the 401 handler (login and the initial "who am I" expect a 401). */
  allowUnauthorized?: boolean;
}

let csrfToken: string | null = null;
let unauthorizedHandler: () => void = () => {
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  if (!window.location.pathname.startsWith('/login')) window.location.assign(`/login?next=${next}`);
};

/** Remember the CSRF token from `POST /auth/login` or `GET /auth/me`; null after logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Replace what happens when a call answers 401 (the auth provider routes to /login). */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Build `/api/v1/<path>?<query>` leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Perform one API call and return its parsed JSON body (undefined for 204). */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const upper = method.toUpperCase();
  if (UNSAFE_METHODS.has(upper) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { title: 'network', detail: err instanceof Error ? err.message : String(err) });
  }

  const parsed = await readBody(res);
  if (res.ok) return parsed as T;

  if (res.status === 401 && !options.allowUnauthorized) {
    setCsrfToken(null);
    unauthorizedHandler();
  }
  const problem: Partial<Problem> =
    parsed && typeof parsed === 'object'
      ? (parsed as Partial<Problem>)
      : { title: res.statusText || `HTTP ${res.status}`, detail: typeof parsed === 'string' ? parsed.slice(0, 200) : undefined };
  throw new ApiError(res.status, problem, parseRetryAfter(res.headers.get('retry-after')), parsed);
}

/** True when the error is the browser cancelling a superseded request. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
