/**
 * The catalog's vocabulary: the metadata of an information resource (政务信息资源目录编制指南
 * core metadata), its fields (信息项) and the enumerations the API speaks. One place, so routes,
 * services and the portal that builds on them agree.
 */

/** Field data types a dataset column may have. */
export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'geometry'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Personal-information classes; each has its own display mask. */
export const PERSONAL_CLASSES = ['name', 'phone', 'id_number', 'address', 'other'] as const;
export type PersonalClass = (typeof PERSONAL_CLASSES)[number];

/** 共享类型: 无条件共享 / 有条件共享 / 不予共享. */
export const SHARE_TYPES = ['unconditional', 'conditional', 'none'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];

/** 开放类型: 无条件开放 / 有条件开放 / 不予开放. */
export const OPEN_TYPES = ['unconditional', 'conditional', 'none'] as const;
export type OpenType = (typeof OPEN_TYPES)[number];

/** GB/T 43697-2024 grades: 一般 / 重要 / 核心. */
export const GRADES = ['general', 'important', 'core'] as const;
export type Grade = (typeof GRADES)[number];

/** 更新周期. `realtime` resources are pushed by systems; `irregular` have no freshness target. */
export const UPDATE_CYCLES = [
  'realtime',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'half_yearly',
  'yearly',
  'irregular',
] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

/** How long each cycle may go without new data before the resource counts as stale. */
export const CYCLE_MS: Record<UpdateCycle, number | null> = {
  realtime: 3600_000,
  hourly: 2 * 3600_000,
  daily: 2 * 86_400_000,
  weekly: 8 * 86_400_000,
  monthly: 32 * 86_400_000,
  quarterly: 93 * 86_400_000,
  half_yearly: 184 * 86_400_000,
  yearly: 366 * 86_400_000,
  irregular: null,
};

/** Lifecycle of a resource in the catalog. */
export const RESOURCE_STATUSES = ['draft', 'published', 'retired'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/**
 * The base resources (基础信息资源) of the guide, as 项 codes under 类 1. A resource whose class
 * code starts with one of these prefixes belongs to that base resource.
 */
export const BASE_CLASSES: Record<string, string> = {
  '101': '人口',
  '102': '法人单位',
  '103': '自然资源和空间地理',
  '104': '社会信用',
  '105': '电子证照',
};

/** 类 (first digit of the class code): 基础 / 主题 / 部门 information resources. */
export const CLASS_KINDS: Record<string, string> = { '1': '基础信息资源', '2': '主题信息资源', '3': '部门信息资源' };

/** One declared field (信息项) of a resource. */
export interface FieldDef {
  /** Column name used by the API (`[A-Za-z_][A-Za-z0-9_]*`). */
  name: string;
  /** Display name (信息项名称), e.g. 姓名. Also accepted as a CSV header. */
  title: string;
  type: FieldType;
  /** Maximum length of a string value (characters). */
  length: number | null;
  /** Personal-information class; null when the field is not personal. */
  personal: PersonalClass | null;
  /** Part of the row key (upserts, diffs). */
  key: boolean;
  /** A row without a value here is rejected (key fields are always required). */
  required: boolean;
  description: string | null;
}

/** The pull configuration of a resource fed from an HTTP endpoint. */
export interface PullConfig {
  url: string;
  format: 'csv' | 'json' | 'xlsx';
  intervalMinutes: number;
}

/** A resource as the API returns it. */
export interface Resource {
  id: string;
  code: string;
  classCode: string;
  /** 类 name (基础/主题/部门信息资源). */
  classKind: string;
  /** The base resource (人口, 法人单位…) when the class code is under one, else null. */
  baseClass: string | null;
  name: string;
  providerDepartmentCode: string;
  providerDepartmentName: string | null;
  /** 提供方代码 (the unified social credit code of the department, or its code here). */
  providerCode: string;
  summary: string;
  format: string;
  fields: FieldDef[];
  shareType: ShareType;
  shareConditions: string | null;
  shareMethod: string | null;
  openType: OpenType;
  openConditions: string | null;
  grade: Grade;
  updateCycle: UpdateCycle;
  publishDate: string | null;
  relatedCodes: string[];
  themes: string[];
  keywords: string[];
  status: ResourceStatus;
  /** The version queries read, null before the first load. */
  currentVersion: number | null;
  /** Rows in the current version. */
  rowCount: number;
  /** When the current version was loaded. */
  dataUpdatedAt: string | null;
  pull: PullConfig | null;
  createdAt: string;
  updatedAt: string;
}

/** Input of `POST /catalog/resources` (the CONTRACT shape plus the guide's optional metadata). */
export interface ResourceInput {
  name: string;
  providerDepartmentCode: string;
  summary: string;
  fields: Array<{
    name: string;
    title?: string;
    type: FieldType;
    length?: number;
    personal?: PersonalClass;
    key?: boolean;
    required?: boolean;
    description?: string;
  }>;
  shareType: ShareType;
  openType: OpenType;
  grade: Grade;
  updateCycle: UpdateCycle;
  classCode?: string;
  providerCode?: string;
  format?: string;
  shareConditions?: string;
  shareMethod?: string;
  openConditions?: string;
  publishDate?: string;
  relatedCodes?: string[];
  themes?: string[];
  keywords?: string[];
  status?: ResourceStatus;
  pull?: PullConfig | null;
}

/** A row-level rejection of a load or push: 1-based data row number, field and reason. */
export interface RowRejection {
  row: number;
  field: string | null;
  reason: string;
}

/** What a load or push answers. */
export interface LoadReport {
  loadId: string;
  version: number;
  accepted: number;
  rejected: RowRejection[];
  /** Total rejected rows (the list holds at most the first 1,000). */
  rejectedCount: number;
}
