/** Org units (city → district → street → community) as a tree for antd TreeSelect. */
import type { OrgUnit } from '../api/types.js';

export interface UnitTreeNode {
  value: string;
  title: string;
  children?: UnitTreeNode[];
}

/** Nest a flat unit list by parentCode; units whose parent is absent become roots. */
export function buildUnitTree(units: readonly OrgUnit[]): UnitTreeNode[] {
  const byCode = new Map<string, UnitTreeNode>();
  for (const u of units) byCode.set(u.code, { value: u.code, title: `${u.name} · ${u.code}` });
  const roots: UnitTreeNode[] = [];
  for (const u of units) {
    const node = byCode.get(u.code)!;
    const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
