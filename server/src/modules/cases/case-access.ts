/**
 * Who sees which cases and which caller data (DESIGN.md "Security baseline"):
 * - department scoping: a handler (处置人员) sees the cases of their own department; roles that
 *   run the centre (operators, dispatchers, inspectors, commanders, analysts) see all;
 * - callers: masked for every viewer without `cases.personal.read`, and in every list and export;
 *   a confidential caller is shown only to the operator who took the call and to administrators.
 */
import { actorOf, hasPermission, maskName, maskPhone, type Principal } from '../../kernel/auth/index.js';
import type { CallerView, CaseRecord } from './case-types.js';

/** True when the viewer is limited to their department's cases. */
export function isDepartmentScoped(p: Principal | null): boolean {
  if (!p || p.kind !== 'user') return false;
  return hasPermission(p, 'cases.handle') && !hasPermission(p, 'cases.dispatch') && !hasPermission(p, 'cases.supervise');
}

/** True when the viewer may see this case at all. */
export function canSee(p: Principal | null, c: CaseRecord): boolean {
  if (!isDepartmentScoped(p)) return true;
  return !!p!.departmentCode && p!.departmentCode === c.departmentCode;
}

/** True when the viewer may see a confidential caller: who took the call, or an administrator. */
function mayUnveilConfidential(p: Principal | null, c: CaseRecord): boolean {
  if (!p) return false;
  return p.permissions.includes('*') || actorOf(p) === c.createdBy;
}

/**
 * The caller as this viewer sees them. `clear` is asked for by detail reads; lists and exports
 * pass false and always get masks. Returns whether cleartext was shown (the caller audits it).
 */
export function callerFor(p: Principal | null, c: CaseRecord, clear: boolean): { caller: CallerView | null; cleartext: boolean } {
  if (c.callerName === null && c.callerPhone === null) return { caller: null, cleartext: false };
  if (c.confidential && !mayUnveilConfidential(p, c)) return { caller: { name: null, phone: null, masked: true }, cleartext: false };
  if (clear && hasPermission(p, 'cases.personal.read'))
    return { caller: { name: c.callerName, phone: c.callerPhone, masked: false }, cleartext: true };
  return { caller: { name: maskName(c.callerName), phone: maskPhone(c.callerPhone), masked: true }, cleartext: false };
}
