/**
 * The one error type domain code throws. Only the kernel's HTTP layer turns it into a response,
 * so a service never needs to know about status codes.
 *
 * @example
 *   throw new DomainError('not_found', 'Grid 330791001001999 does not exist');
 *   throw new DomainError('invalid', 'Bad address', [{ path: '/q', message: 'must not be empty' }]);
 */
export type DomainErrorCode = 'not_found' | 'conflict' | 'forbidden' | 'invalid' | 'unavailable' | 'unauthorized' | 'locked' | 'too_large';

/** One offending field: a JSON pointer into the request (`/body/name`, `/query/lon`) and why. */
export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  /** Seconds until a locked resource may be tried again (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** Extra members for the problem document (e.g. a per-row rejection list). */
  extra?: Record<string, unknown>;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    options: { retryAfterSeconds?: number; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra;
  }
}

/** True when `e` is a DomainError with the given code (or any code when omitted). */
export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}
