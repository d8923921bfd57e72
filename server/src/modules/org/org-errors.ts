/** Small helpers for the org module's domain errors. */
import { DomainError } from '../../kernel/errors.js';

/** A 400 naming one field: `invalidField('/body/departmentCode', 'no department D9999')`. */
export function invalidField(path: string, message: string, detail?: string): DomainError {
  return new DomainError('invalid', detail ?? `${path.split('/').pop()} ${message}`, [{ path, message }]);
}

/** True when `e` is a unique/primary-key violation on either dialect (a lost race on insert). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
