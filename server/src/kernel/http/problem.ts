import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode, type FieldError } from '../errors.js';

/** RFC 9457 problem document as every `/api/v1` error is sent. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const STATUS: Record<DomainErrorCode, [number, string]> = {
  invalid: [400, 'Invalid request'],
  unauthorized: [401, 'Authentication required'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'Not found'],
  conflict: [409, 'Conflict'],
  too_large: [413, 'Payload too large'],
  locked: [423, 'Locked'],
  unavailable: [503, 'Service unavailable'],
};

const TYPE_BASE = 'https://zhicheng.dev/problems/';

export function problem(status: number, title: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: TYPE_BASE + slug(title), title, status, detail, ...extra };
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Maps anything thrown in a request to a problem document and its status. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof DomainError) {
    const [status, title] = STATUS[error.code];
    return problem(status, title, error.message, {
      instance: request.url,
      ...(error.errors.length ? { errors: error.errors } : {}),
      ...(error.extra ?? {}),
    });
  }
  const fe = error as FastifyError & { validationContext?: string; validation?: ValidationItem[] };
  if (fe.validation) {
    const errors = fe.validation.map((v) => validationItem(fe.validationContext ?? 'body', v));
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return problem(400, 'Invalid request', detail, { instance: request.url, errors });
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (status >= 500) {
    return problem(
      status,
      'Internal error',
      `Something went wrong on our side (request ${request.id}). The error is logged; try again or tell the operator this request id.`,
      { instance: request.url },
    );
  }
  return problem(status, titleFor(status), readableFastifyMessage(fe, request), { instance: request.url });
}

interface ValidationItem {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function validationItem(context: string, v: ValidationItem): FieldError {
  const where = context === 'querystring' ? 'query' : context;
  let path = `/${where}${v.instancePath}`;
  const missing = v.params?.missingProperty ?? (v.params?.requiredProperties as string[] | undefined)?.[0];
  if (v.keyword === 'required' && typeof missing === 'string') path += `/${missing}`;
  if (v.keyword === 'additionalProperties' && typeof v.params?.additionalProperty === 'string') {
    path += `/${v.params.additionalProperty}`;
    return { path, message: 'is not an allowed field' };
  }
  return { path, message: v.message ?? 'is invalid' };
}

function titleFor(status: number): string {
  switch (status) {
    case 400:
      return 'Invalid request';
    case 401:
      return 'Authentication required';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 405:
      return 'Method not allowed';
    case 406:
      return 'Not acceptable';
    case 413:
      return 'Payload too large';
    case 415:
      return 'Unsupported media type';
    case 429:
      return 'Too many requests';
    default:
      return 'Request error';
  }
}

function readableFastifyMessage(fe: FastifyError, request: FastifyRequest): string {
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'The Content-Type of the body is not supported here; send application/json.';
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is empty but Content-Type says application/json; send a JSON body.';
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit;
    return `The body is too large: this endpoint accepts at most ${formatBytes(limit)}.`;
  }
  if (fe instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return `The body is not valid JSON: ${fe.message}`;
  return fe.message;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Sends a problem document with the right media type. */
export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}
