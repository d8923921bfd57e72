/**
 * Who may do what with a resource (DESIGN.md "Department scoping"): stewards change only their
 * own department's resources; the administrator (`*`) may change any. Drafts are seen by their
 * department only. Pure functions over the principal and the resource.
 */
import { hasPermission, type Principal } from '../../kernel/auth/index.js';
import { DomainError } from '../../kernel/errors.js';

/** Whoever reads: a staff principal (user or key) or the anonymous public of the open-data portal. */
export type Reader = { kind: 'staff'; principal: Principal } | { kind: 'public' };

/** True for the platform administrator (the only role holding `*`). */
export function isAdmin(p: Principal | null | undefined): boolean {
  return !!p && p.permissions.includes('*');
}

/** True when the principal works in the department that provides the resource. */
export function isOwner(p: Principal | null | undefined, providerDepartmentCode: string): boolean {
  return !!p && p.departmentCode !== null && p.departmentCode === providerDepartmentCode;
}

/** Throws 403 unless `p` may change resources of `providerDepartmentCode`. */
export function assertCanEdit(p: Principal, providerDepartmentCode: string): void {
  if (!hasPermission(p, 'catalog.write')) throw new DomainError('forbidden', 'This needs the permission catalog.write.');
  if (isAdmin(p) || isOwner(p, providerDepartmentCode)) return;
  throw new DomainError(
    'forbidden',
    `Only stewards of department ${providerDepartmentCode} (or an administrator) may change its resources; you belong to ${p.departmentCode ?? 'no department'}.`,
  );
}

/** True when the reader may see the resource's metadata at this status. */
export function canSeeMetadata(reader: Reader, r: { status: string; providerDepartmentCode: string; openType: string }): boolean {
  if (reader.kind === 'public') return r.status === 'published' && r.openType !== 'none';
  if (r.status !== 'draft') return true;
  return isAdmin(reader.principal) || isOwner(reader.principal, r.providerDepartmentCode);
}
