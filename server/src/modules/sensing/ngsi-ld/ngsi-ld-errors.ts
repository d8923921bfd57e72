/**
 * NGSI-LD problem details (ETSI GS CIM 009 §5.5.2 / TS 104-176 §6.3.2): each error type has one
 * HTTP status. The NGSI-LD routes answer with these instead of the platform's own problem types,
 * so a FIWARE client that switches on `type` behaves as with any other broker.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../kernel/errors.js';

/** The registered error types (the last path segment of the type URI) and their statuses. */
export const NGSI_LD_ERRORS = {
  InvalidRequest: 400,
  BadRequestData: 400,
  AlreadyExists: 409,
  OperationNotSupported: 422,
  ResourceNotFound: 404,
  InternalError: 500,
  TooComplexQuery: 403,
  TooManyResults: 403,
  LdContextNotAvailable: 503,
  NoMultiTenantSupport: 501,
  NonexistentTenant: 404,
} as const;

/** One NGSI-LD error type name. */
export type NgsiLdErrorType = keyof typeof NGSI_LD_ERRORS;

const TYPE_BASE = 'https://uri.etsi.org/ngsi-ld/errors/';

/** An error the NGSI-LD layer raises with its registered type; `status` overrides only for 406/415. */
export class NgsiLdError extends Error {
  constructor(
    readonly errorType: NgsiLdErrorType,
    message: string,
    readonly status: number = NGSI_LD_ERRORS[errorType],
  ) {
    super(message);
    this.name = 'NgsiLdError';
  }
}

/** Shorthand for the most common one: the request is well-formed but its data is wrong. */
export function badRequest(message: string): NgsiLdError {
  return new NgsiLdError('BadRequestData', message);
}

/** An NGSI-LD ProblemDetails body. */
export interface NgsiLdProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

/** The problem body of an NGSI-LD error. */
export function ngsiProblem(e: NgsiLdError, instance?: string): NgsiLdProblem {
  return {
    type: TYPE_BASE + e.errorType,
    title: titleOf(e.errorType),
    status: e.status,
    detail: e.message,
    ...(instance ? { instance } : {}),
  };
}

/**
 * Maps anything thrown under `/ngsi-ld/v1` to an NGSI-LD error. Domain errors of the sensing
 * services keep their meaning (invalid → BadRequestData, not_found → ResourceNotFound, conflict
 * → AlreadyExists); 401 and 403 have no NGSI-LD type, so they keep the platform's problem type.
 */
export function toNgsiLdError(error: unknown): NgsiLdError | { status: number; type: string; title: string; detail: string } {
  if (error instanceof NgsiLdError) return error;
  if (error instanceof DomainError) {
    switch (error.code) {
      case 'invalid':
        // The registry names fields as JSON pointers into its own API's body; here they are attributes.
        return badRequest(error.message.replace(/\/body\//g, ''));
      case 'not_found':
        return new NgsiLdError('ResourceNotFound', error.message);
      case 'conflict':
        return new NgsiLdError('AlreadyExists', error.message);
      case 'too_large':
        return new NgsiLdError('TooManyResults', error.message, 413);
      case 'unavailable':
        return new NgsiLdError('InternalError', error.message, 503);
      case 'unauthorized':
        return {
          status: 401,
          type: 'https://zhicheng.dev/problems/authentication-required',
          title: 'Authentication required',
          detail: error.message,
        };
      case 'forbidden':
        return { status: 403, type: 'https://zhicheng.dev/problems/forbidden', title: 'Forbidden', detail: error.message };
      default:
        return { status: 423, type: 'https://zhicheng.dev/problems/locked', title: 'Locked', detail: error.message };
    }
  }
  const fe = error as FastifyError & { validation?: Array<{ instancePath: string; message?: string }>; validationContext?: string };
  if (fe.validation) {
    const what = fe.validation.map((v) => `${fe.validationContext ?? 'body'}${v.instancePath} ${v.message ?? 'is invalid'}`).join('; ');
    return badRequest(what);
  }
  if (fe instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return new NgsiLdError('InvalidRequest', `The body is not valid JSON: ${fe.message}`);
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new NgsiLdError('InvalidRequest', 'The body is empty; send a JSON document.');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new NgsiLdError('InvalidRequest', 'The Content-Type is not supported; send application/json or application/ld+json.', 415);
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new NgsiLdError('InvalidRequest', 'The body is too large.', 413);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return new NgsiLdError('InvalidRequest', fe.message, fe.statusCode);
  return new NgsiLdError('InternalError', 'Something went wrong on our side; the error is logged.');
}

/** The error handler of the NGSI-LD plugin. */
export function sendNgsiLdError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = toNgsiLdError(error);
  const body = mapped instanceof NgsiLdError ? ngsiProblem(mapped, request.url) : { ...mapped, instance: request.url };
  if (body.status >= 500) request.log.error({ err: error, reqId: request.id }, 'NGSI-LD request failed');
  // CIM 009 sends ProblemDetails as application/json; FIWARE clients parse that, not problem+json.
  return reply.status(body.status).type('application/json').send(body);
}

function titleOf(t: NgsiLdErrorType): string {
  return t.replace(/([a-z])([A-Z])/g, '$1 $2');
}
