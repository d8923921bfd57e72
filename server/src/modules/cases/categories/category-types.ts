/** Shapes of the case taxonomy. */

/** Component (部件), event (事件) or hotline topic (12345). */
export type CategoryKind = 'component' | 'event' | 'hotline';
export const CATEGORY_KINDS: readonly CategoryKind[] = ['component', 'event', 'hotline'];

/** A handling time limit in working hours or working days. */
export interface CategoryLimit {
  unit: 'hours' | 'days';
  amount: number;
}

/** Routes cases inside an area (district, street, community or grid code) to a department. */
export interface RoutingRule {
  areaCode: string;
  departmentCode: string;
}

/** Fields a new case of the category must carry. */
export type CategoryField = 'location' | 'address' | 'caller.phone' | 'caller.name';
export const CATEGORY_FIELDS: readonly CategoryField[] = ['location', 'address', 'caller.phone', 'caller.name'];

/** One category as stored and shown. */
export interface Category {
  code: string;
  parentCode: string | null;
  name: string;
  kind: CategoryKind;
  departmentCode: string | null;
  /** The department's name (resolved from the org chart when the code is known). */
  departmentName: string | null;
  limit: CategoryLimit | null;
  requiredFields: CategoryField[];
  routingRules: RoutingRule[];
  enabled: boolean;
}

/** A 大类 with its 小类. */
export interface CategoryNode extends Category {
  children: Category[];
}

/**
 * Reads a limit as the reference writes it: `1 working day`, `4 working hours`, `20 working days`.
 * Returns null when the text says something else.
 */
export function parseLimitText(text: string): CategoryLimit | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s+working\s+(day|days|hour|hours)\s*$/i.exec(text);
  if (!m) return null;
  return { amount: Number(m[1]), unit: m[2]!.toLowerCase().startsWith('day') ? 'days' : 'hours' };
}
