/**
 * Who is calling: a signed-in user or a system holding an API key. Routes see it as
 * `request.principal`; services receive it to record who did what.
 */
export interface Principal {
  kind: 'user' | 'apikey';
  /** User id, or API key id. */
  id: string;
  username?: string;
  displayName?: string;
  /** Role codes (empty for API keys). */
  roles: string[];
  /** Effective permissions; `*` means all, `geo.*` all of the geo module. */
  permissions: string[];
  /** The department the user belongs to (department scoping), null when none. */
  departmentCode: string | null;
}

/**
 * True when the principal holds `permission`, directly or through a wildcard: `*` grants
 * everything, `cases.*` grants `cases.read` and `cases.dispatch` (and deeper codes such as
 * `cases.config.write`), but not `casesx.read`.
 *
 * @example hasPermission({ ...p, permissions: ['geo.*'] }, 'geo.write') // true
 */
export function hasPermission(principal: Pick<Principal, 'permissions'> | null | undefined, permission: string): boolean {
  if (!principal) return false;
  return principal.permissions.some((held) => permissionCovers(held, permission));
}

/** True when the held permission code (possibly a wildcard) covers the wanted one. */
export function permissionCovers(held: string, wanted: string): boolean {
  if (held === '*' || held === wanted) return true;
  if (held.endsWith('.*')) return wanted.startsWith(held.slice(0, -1));
  return false;
}

/**
 * The actor string for audit records, as the audit log defines it: a user's id as is,
 * `apikey:<id>` for a key, `system` when nobody is signed in.
 */
export function actorOf(principal: Pick<Principal, 'kind' | 'id'> | null | undefined): string {
  if (!principal) return 'system';
  return principal.kind === 'user' ? principal.id : `apikey:${principal.id}`;
}
