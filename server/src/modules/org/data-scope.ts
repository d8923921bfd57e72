/**
 * Department scoping (DESIGN "Security baseline": a user sees the work orders, datasets and
 * devices of the units they serve). A principal's data scope is either the whole city or
 *  - a set of departments: its own and every department below it in the org chart (a bureau sees
 *    what its sections own), and
 *  - the area its own department serves (its org unit: a district office serves its district, a
 *    street office its street), unless that is the city: a city bureau sees what it and its
 *    sections own, not everything located in the city (nor, through its district branches,
 *    everything in every district).
 * Modules show a record when its owning department is in the set or its place is in the areas.
 *
 * City-wide: the roles whose work spans the city — the administrator, the commander and the
 * analyst, and the dispatcher, who routes work to every department from the city centre — the
 * staff of a centre (运行管理中心, 大数据局, 12345 热线: their mandate crosses every domain), any
 * principal holding `*`, an API key without a department (a system integration made by an
 * administrator or the CLI) and the system itself (no principal). Everyone else sees their
 * departments only; a staff member without a department and without a city-wide role sees none.
 */
import type { Principal } from '../../kernel/auth/index.js';
import type { Department, OrgUnit } from './org-types.js';
import type { RoleCode } from './roles.js';

/** What a principal may see: the whole city, or what these departments own and what lies in these areas. */
export type DataScope = { cityWide: true } | { cityWide: false; departmentCodes: readonly string[]; areaCodes: readonly string[] };

/** Roles that see the whole city. */
export const CITY_WIDE_ROLES: readonly RoleCode[] = ['admin', 'commander', 'analyst', 'dispatcher'];

/** True when the principal's scope is the whole city, without looking at the org chart. */
export function isCityWide(principal: Pick<Principal, 'kind' | 'roles' | 'permissions' | 'departmentCode'> | null): boolean {
  if (!principal) return true;
  if (principal.permissions.includes('*')) return true;
  if (principal.roles.some((r) => (CITY_WIDE_ROLES as readonly string[]).includes(r))) return true;
  return principal.kind === 'apikey' && principal.departmentCode === null;
}

/**
 * The principal's scope over the given org chart: its department and those below it, and the
 * org unit its department serves when that is below city level.
 */
export function dataScopeOf(
  principal: Pick<Principal, 'kind' | 'roles' | 'permissions' | 'departmentCode'> | null,
  departments: readonly Pick<Department, 'code' | 'parentCode' | 'orgUnitCode' | 'kind'>[],
  units: readonly Pick<OrgUnit, 'code' | 'level'>[],
): DataScope {
  if (isCityWide(principal)) return { cityWide: true };
  const own = principal!.departmentCode;
  if (!own) return { cityWide: false, departmentCodes: [], areaCodes: [] };
  if (departments.some((d) => d.code === own && d.kind === 'centre')) return { cityWide: true };
  const children = new Map<string, string[]>();
  for (const d of departments) {
    if (!d.parentCode) continue;
    children.set(d.parentCode, [...(children.get(d.parentCode) ?? []), d.code]);
  }
  const out = new Set<string>([own]);
  const queue = [own];
  while (queue.length > 0) {
    for (const c of children.get(queue.pop()!) ?? []) {
      if (!out.has(c)) {
        out.add(c);
        queue.push(c);
      }
    }
  }
  const unit = departments.find((d) => d.code === own)?.orgUnitCode;
  const level = unit ? units.find((u) => u.code === unit)?.level : undefined;
  const areaCodes = unit && level && level !== 'city' ? [unit] : [];
  return { cityWide: false, departmentCodes: [...out].sort(), areaCodes };
}
