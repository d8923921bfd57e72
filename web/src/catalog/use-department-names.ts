/** Department names by code, for screens whose API answers carry codes only (share requests, grants, reads). */
import { useMemo } from 'react';
import { useAllDepartments } from '../lib/org-lookups.js';

/** A function from a department code to its name (the code itself until the list arrives). */
export function useDepartmentName(): (code: string | null | undefined) => string {
  const { items } = useAllDepartments();
  const names = useMemo(() => new Map((items ?? []).map((d) => [d.code, d.name])), [items]);
  return (code) => (code ? (names.get(code) ?? code) : '—');
}
