/**
 * Reference lists the admin screens share (roles, permissions, org units, departments for
 * pickers), read once per page load and re-read after an edit that changes them.
 */
import { useEffect, useState } from 'react';
import { orgApi } from '../api/endpoints.js';
import type { Department, OrgUnit, Permission, Role, RoleCode, UserSummary } from '../api/types.js';
import { localName, type Locale } from '../i18n/i18n.js';

type LookupKey = 'roles' | 'permissions' | 'units' | 'departments' | 'users';

const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    // A failed read is not remembered: the next screen tries again.
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Forget a list so the next reader fetches it again (e.g. after creating a department). */
export function invalidateLookup(key: LookupKey): void {
  cache.delete(key);
}

function useLookup<T>(key: LookupKey, load: () => Promise<T[]>, version = 0) {
  const [items, setItems] = useState<T[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    cached(key, load).then(
      (v) => live && setItems(v),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // `load` is a stable module-level function per key.
  }, [key, version]);
  return { items, error };
}

const loadRoles = () => orgApi.roles().then((r) => r.items);
const loadPermissions = () => orgApi.permissions().then((r) => r.items);
const loadUnits = () => orgApi.units().then((r) => r.items);
// About 60 departments in a city; one page of the maximum size holds them all.
const loadDepartments = () => orgApi.listDepartments({ limit: 1000 }).then((r) => r.items);

// For showing names instead of user ids (audit actors, key creators); ids beyond the first 1000
// users are shown as they are.
const loadUsers = () => orgApi.listUsers({ limit: 1000 }).then((r) => r.items);

export const useRoles = () => useLookup<Role>('roles', loadRoles);
export const usePermissions = () => useLookup<Permission>('permissions', loadPermissions);
export const useOrgUnits = () => useLookup<OrgUnit>('units', loadUnits);
export const useAllDepartments = (version = 0) => useLookup<Department>('departments', loadDepartments, version);
export const useAllUsers = () => useLookup<UserSummary>('users', loadUsers);

/** `系统管理员（admin）` for a user id, or the id itself when unknown. */
export function userLabel(users: readonly UserSummary[], id: string | null | undefined): string {
  if (!id) return '—';
  const u = users.find((x) => x.id === id);
  return u ? `${u.displayName} · ${u.username}` : id;
}

/**
 * A role code as the API lists it (`string` in `/org/roles` and in a user's `roles`), typed as the
 * codes its bodies and filters accept: they are the same codes, and the server checks them anyway.
 */
export function asRoleCode(code: string): RoleCode {
  return code as RoleCode;
}

/** Options for a role picker, labelled in the current language. */
export function roleOptions(roles: readonly Role[], locale: Locale): Array<{ value: RoleCode; label: string }> {
  return roles.map((r) => ({ value: asRoleCode(r.code), label: localName(locale, r) }));
}
