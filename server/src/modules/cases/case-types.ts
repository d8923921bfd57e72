/** Shapes of cases inside the module and on the API. */
import type { CaseOutcome, CaseStatus, Satisfaction } from './workflow.js';

/** Where a case came from (CONTRACT.md "Cases"). */
export const CHANNELS = ['phone', 'web', 'app', 'inspector', 'sensor', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 12345 request types: 咨询, 求助, 投诉, 举报, 建议, 表扬. */
export const REQUEST_TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Yellow: ≥ 80 % of the working time used; red: overdue. */
export type Card = 'none' | 'yellow' | 'red';

/** A case as stored (camelCase of the row). */
export interface CaseRecord {
  id: string;
  number: string;
  channel: Channel;
  requestType: RequestType | null;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  categoryCode: string;
  classifiedBy: 'operator' | 'classifier' | 'mapping';
  classifierScore: number | null;
  description: string;
  lon: number | null;
  lat: number | null;
  address: string | null;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  callerName: string | null;
  callerPhone: string | null;
  callerPhoneLast4: string | null;
  confidential: boolean;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  limitUnit: 'hours' | 'days';
  limitAmount: number;
  /** When the deadline clock started (intake, or the latest dispatch). */
  clockFrom: number;
  deadlineAt: number;
  dispatchedAt: number | null;
  handledAt: number | null;
  closedAt: number | null;
  card: Card;
  urgedAt: number | null;
  escalatedAt: number | null;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  satisfaction: Satisfaction | null;
  mergedInto: string | null;
  suspendedFrom: CaseStatus | null;
  pendingExtensionDays: number | null;
  sourceAlarmId: string | null;
  version: number;
}

/** One step of a case's history. */
export interface TimelineEntry {
  action: string;
  from: CaseStatus | null;
  to: CaseStatus;
  at: string;
  /** Audit actor: a user id, `apikey:<id>` or `system`. */
  by: string;
  byName: string | null;
  comment: string | null;
  detail: Record<string, unknown>;
}

/** The caller as a viewer may see them. */
export interface CallerView {
  name: string | null;
  phone: string | null;
  /** False only when the viewer sees the caller in clear. */
  masked: boolean;
}

/** A case on the API. */
export interface CaseView {
  id: string;
  number: string;
  channel: Channel;
  requestType: RequestType | null;
  status: CaseStatus;
  statusLabel: string;
  outcome: CaseOutcome | null;
  categoryCode: string;
  categoryName: string | null;
  classification: { by: 'operator' | 'classifier' | 'mapping'; score: number | null };
  description: string;
  location: { lon: number; lat: number } | null;
  address: string | null;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  grid: { code: string } | null;
  department: { code: string; name: string } | null;
  caller: CallerView | null;
  confidential: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  limit: { unit: 'hours' | 'days'; amount: number };
  deadline: string;
  dispatchedAt: string | null;
  handledAt: string | null;
  closedAt: string | null;
  card: Card;
  /** Share of the working time used (0…, over 1 when overdue); null when the clock is not running. */
  timeUsed: number | null;
  urgedAt: string | null;
  escalatedAt: string | null;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  pendingExtensionDays: number | null;
  satisfaction: Satisfaction | null;
  mergedInto: string | null;
  sourceAlarmId: string | null;
  /** Actions this viewer may take now. */
  allowedActions: string[];
}

/** A case with its timeline. */
export interface CaseDetail extends CaseView {
  timeline: TimelineEntry[];
}

/** What intake takes (CONTRACT.md "Cases" plus options). */
export interface CreateCaseInput {
  channel: Channel;
  description: string;
  categoryCode?: string;
  requestType?: RequestType;
  location?: { lon: number; lat: number };
  address?: string;
  caller?: { name?: string; phone?: string };
  confidential?: boolean;
  /** Register at once (立案) — the operator's "register" button. */
  register?: boolean;
  /** Register and dispatch at once — "register and dispatch in one go". */
  dispatch?: boolean;
  /** Dispatch to this department instead of the routed one. */
  departmentCode?: string;
  /** Answer a consultation at intake (直接办结) with this text. */
  answer?: string;
}

/** A transition request. */
export interface TransitionInput {
  action: string;
  comment?: string;
  reason?: string;
  departmentCode?: string;
  extensionDays?: number;
  satisfaction?: Satisfaction;
  /** `merge`: the original case's id. */
  intoId?: string;
}

/** List filters (CONTRACT.md "Cases"). */
export interface CaseListQuery {
  status?: string;
  departmentCode?: string;
  gridCode?: string;
  categoryCode?: string;
  channel?: string;
  card?: Card;
  from?: string;
  to?: string;
  q?: string;
  sort?: 'created' | 'deadline';
  limit?: number;
  cursor?: string;
}
