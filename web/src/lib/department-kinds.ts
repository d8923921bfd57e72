/** The kinds of department, in the order pickers offer them. */
import type { DepartmentKind } from '../api/types.js';
import type { TranslateFn } from '../i18n/i18n.js';

// In picker order. A Record, so the compiler rejects a kind the API does not have and notices one
// it gained (the kinds themselves come from the generated OpenAPI types).
const KINDS: Record<DepartmentKind, true> = { bureau: true, district_office: true, street_office: true, enterprise: true, centre: true };

/** Every department kind the API accepts. */
export const DEPARTMENT_KINDS = Object.keys(KINDS) as DepartmentKind[];

/** Options for a kind picker, labelled in the current language. */
export function departmentKindOptions(t: TranslateFn): Array<{ value: DepartmentKind; label: string }> {
  return DEPARTMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }));
}
