/**
 * CKAN's error envelope: `{help, success:false, error:{__type, message, <field>: [reasons]}}` with
 * the status code CKAN uses for each type. Clients (ckanapi, harvesters) switch on `__type`.
 */

/** The CKAN error types this API raises and their HTTP status. */
export const CKAN_ERROR_TYPES = {
  'Bad request': 400,
  'Authorization Error': 403,
  'Not Found Error': 404,
  'Validation Error': 409,
} as const;
export type CkanErrorType = keyof typeof CKAN_ERROR_TYPES;

/** An error that becomes a CKAN error envelope. `fields` lists reasons per parameter (Validation Error). */
export class CkanError extends Error {
  constructor(
    readonly type: CkanErrorType,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'CkanError';
  }

  get status(): number {
    return CKAN_ERROR_TYPES[this.type];
  }
}

/** A Validation Error naming one parameter. */
export function invalidParam(name: string, reason: string): CkanError {
  return new CkanError('Validation Error', `${name}: ${reason}`, { [name]: [reason] });
}
