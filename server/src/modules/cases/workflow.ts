/**
 * The case workflow as one table: every state, every action, where it may start, where it ends,
 * who may take it and what it requires. The service interprets this table and nothing else
 * decides legality, so reading this file is reading the process.
 *
 * The loop follows the reference (数字城管 / 12345): 上报·受理 → 立案 → 派遣 → 签收 → 处置 →
 * 反馈 → 核查 → 结案 → 回访·评价, with 退单 (return, approved by the shift leader), 延期
 * (extension, requested and approved), 挂账 (parked), 作废 (void), 重办 (rework, counted as 返工),
 * 直接办结 (a consultation answered at intake), and "closed, not fixed" kept apart from fixed.
 */

/** Where a case stands. */
export const CASE_STATUSES = [
  'reported', // 上报/受理: arrived, not yet registered
  'registered', // 立案: accepted as a case, awaiting dispatch
  'dispatched', // 派遣: sent to a department, awaiting its 签收
  'accepted', // 签收/处置中: the department is handling it
  'extension_requested', // 延期申请中 (handling goes on meanwhile)
  'return_requested', // 退单申请中: the department says it is not theirs
  'handled', // 已反馈: the department reported back, awaiting 核查
  'verified', // 核查通过: awaiting 结案
  'suspended', // 挂账: parked for a long-term fix
  'merged', // 已合并: a duplicate linked to its original; closes when the original closes
  'closed', // 结案 (outcome: fixed | not_fixed | answered | merged)
  'visited', // 已回访/评价
  'cancelled', // 作废
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** zh-CN labels (UI, public status page). */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '待立案',
  registered: '待派遣',
  dispatched: '待签收',
  accepted: '处置中',
  extension_requested: '延期审批中',
  return_requested: '退单审批中',
  handled: '待核查',
  verified: '待结案',
  suspended: '挂账',
  merged: '已合并',
  closed: '已结案',
  visited: '已回访',
  cancelled: '已作废',
};

/** Statuses in which a case still waits for somebody (cards, duplicates, open lists). */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'extension_requested',
  'return_requested',
  'handled',
  'verified',
  'suspended',
];
/** Statuses on which the deadline clock runs (a department has the case). */
export const CLOCK_STATUSES: readonly CaseStatus[] = ['dispatched', 'accepted', 'extension_requested', 'return_requested'];

/** How a closed case ended. */
export type CaseOutcome = 'fixed' | 'not_fixed' | 'answered' | 'merged';

/** A field an action needs in its request body. */
export type RequiredField = 'comment' | 'reason' | 'departmentCode' | 'extensionDays' | 'satisfaction' | 'intoId';

/** What the service does beyond moving the status. */
export type TransitionEffect =
  | 'dispatch' // set department (given or routed), restart the deadline clock
  | 'accept'
  | 'handled'
  | 'return_approved' // department cleared, return counted
  | 'extension_requested'
  | 'extension_approved' // deadline moved by the requested working days
  | 'extension_rejected'
  | 'rework' // 返工 counted, handling again
  | 'close_fixed'
  | 'close_not_fixed'
  | 'answer' // consultation answered at intake
  | 'suspend'
  | 'urge'
  | 'escalate'
  | 'visit'
  | 'merge' // linked to the original, off the deadline clock, reporter notified
  | 'cancel';

/** One row of the table. `to: 'previous'` returns to where a parked case came from. */
export interface TransitionDef {
  action: string;
  label: string;
  from: readonly CaseStatus[];
  to: CaseStatus | 'previous' | 'same';
  /** Any one of these permissions allows the action. */
  permissions: readonly string[];
  requires: readonly RequiredField[];
  effect?: TransitionEffect;
  /**
   * A handler (department-scoped user) may take it only on cases of their own department; the
   * table marks the actions a department takes.
   */
  departmentAction?: boolean;
  /** Only for hotline consultations. */
  consultationOnly?: boolean;
}

const DEPT_HOLDS: readonly CaseStatus[] = ['dispatched', 'accepted', 'extension_requested', 'return_requested'];

/** The workflow. */
export const TRANSITIONS: readonly TransitionDef[] = [
  { action: 'register', label: '立案', from: ['reported'], to: 'registered', permissions: ['cases.create'], requires: [] },
  {
    action: 'answer',
    label: '直接办结',
    from: ['reported', 'registered'],
    to: 'closed',
    permissions: ['cases.create'],
    requires: ['comment'],
    effect: 'answer',
    consultationOnly: true,
  },
  {
    action: 'dispatch',
    label: '派遣',
    from: ['registered'],
    to: 'dispatched',
    permissions: ['cases.dispatch'],
    requires: [],
    effect: 'dispatch',
  },
  {
    action: 'reassign',
    label: '改派',
    from: ['dispatched', 'accepted'],
    to: 'dispatched',
    permissions: ['cases.dispatch'],
    requires: ['departmentCode'],
    effect: 'dispatch',
  },
  {
    action: 'accept',
    label: '签收',
    from: ['dispatched'],
    to: 'accepted',
    permissions: ['cases.handle'],
    requires: [],
    effect: 'accept',
    departmentAction: true,
  },
  {
    action: 'request_return',
    label: '申请退单',
    from: ['dispatched', 'accepted'],
    to: 'return_requested',
    permissions: ['cases.handle'],
    requires: ['reason'],
    departmentAction: true,
  },
  {
    action: 'approve_return',
    label: '同意退单',
    from: ['return_requested'],
    to: 'registered',
    permissions: ['cases.dispatch'],
    requires: [],
    effect: 'return_approved',
  },
  {
    action: 'reject_return',
    label: '驳回退单',
    from: ['return_requested'],
    to: 'accepted',
    permissions: ['cases.dispatch'],
    requires: ['comment'],
  },
  {
    action: 'request_extension',
    label: '申请延期',
    from: ['accepted'],
    to: 'extension_requested',
    permissions: ['cases.handle'],
    requires: ['extensionDays', 'reason'],
    effect: 'extension_requested',
    departmentAction: true,
  },
  {
    action: 'approve_extension',
    label: '同意延期',
    from: ['extension_requested'],
    to: 'accepted',
    permissions: ['cases.dispatch'],
    requires: [],
    effect: 'extension_approved',
  },
  {
    action: 'reject_extension',
    label: '驳回延期',
    from: ['extension_requested'],
    to: 'accepted',
    permissions: ['cases.dispatch'],
    requires: ['comment'],
    effect: 'extension_rejected',
  },
  {
    action: 'handle',
    label: '处置反馈',
    from: ['accepted'],
    to: 'handled',
    permissions: ['cases.handle'],
    requires: ['comment'],
    effect: 'handled',
    departmentAction: true,
  },
  { action: 'verify', label: '核查通过', from: ['handled'], to: 'verified', permissions: ['cases.verify', 'cases.close'], requires: [] },
  {
    action: 'rework',
    label: '重办',
    from: ['handled', 'verified', 'closed'],
    to: 'accepted',
    permissions: ['cases.verify', 'cases.close', 'cases.supervise'],
    requires: ['reason'],
    effect: 'rework',
  },
  { action: 'close', label: '结案', from: ['verified'], to: 'closed', permissions: ['cases.close'], requires: [], effect: 'close_fixed' },
  {
    action: 'close_unfixed',
    label: '结案（未解决）',
    from: ['handled', 'verified'],
    to: 'closed',
    permissions: ['cases.close'],
    requires: ['reason'],
    effect: 'close_not_fixed',
  },
  {
    // The return visit needs the caller's phone: whoever may read it in clear may call back.
    action: 'visit',
    label: '回访评价',
    from: ['closed'],
    to: 'visited',
    permissions: ['cases.close', 'cases.personal.read'],
    requires: ['satisfaction'],
    effect: 'visit',
  },
  {
    action: 'suspend',
    label: '挂账',
    from: ['registered', 'accepted'],
    to: 'suspended',
    permissions: ['cases.dispatch', 'cases.supervise'],
    requires: ['reason'],
    effect: 'suspend',
  },
  {
    action: 'resume',
    label: '解除挂账',
    from: ['suspended'],
    to: 'previous',
    permissions: ['cases.dispatch', 'cases.supervise'],
    requires: [],
  },
  {
    action: 'cancel',
    label: '作废',
    from: ['reported', 'registered'],
    to: 'cancelled',
    permissions: ['cases.dispatch', 'cases.close'],
    requires: ['reason'],
    effect: 'cancel',
  },
  {
    action: 'merge',
    label: '合并',
    from: ['reported', 'registered', 'dispatched', 'accepted', 'extension_requested', 'return_requested', 'suspended'],
    to: 'merged',
    permissions: ['cases.dispatch', 'cases.close'],
    requires: ['intoId'],
    effect: 'merge',
  },
  {
    action: 'urge',
    label: '催办',
    from: DEPT_HOLDS,
    to: 'same',
    permissions: ['cases.dispatch', 'cases.supervise'],
    requires: [],
    effect: 'urge',
  },
  {
    action: 'escalate',
    label: '督办',
    from: DEPT_HOLDS,
    to: 'same',
    permissions: ['cases.supervise'],
    requires: ['comment'],
    effect: 'escalate',
  },
];

/** Satisfaction at the return visit. */
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

/** Every action name (request validation, OpenAPI enum). */
export const ACTIONS: readonly string[] = TRANSITIONS.map((t) => t.action);

/** The row of an action, or undefined for an unknown one. */
export function transitionOf(action: string): TransitionDef | undefined {
  return BY_ACTION.get(action);
}

/** Actions that may start from `status` (for a consultation, `answer` too). */
export function actionsFrom(status: CaseStatus, consultation: boolean): string[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && (!t.consultationOnly || consultation)).map((t) => t.action);
}

/** Where an action leads from `status` (resolving `same` and `previous`). */
export function targetOf(def: TransitionDef, status: CaseStatus, previous: CaseStatus | null): CaseStatus {
  if (def.to === 'same') return status;
  if (def.to === 'previous') return previous ?? 'registered';
  return def.to;
}
