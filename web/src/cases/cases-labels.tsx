/**
 * How the 工单 screens show a case's status, card, channel, request type and actions, and the
 * lookups they share (the category taxonomy, names of departments).
 */
import { useMemo } from 'react';
import { Tag } from 'antd';
import type { TranslateFn } from '../i18n/i18n.js';
import { useT } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { useAsync } from '../lib/use-async.js';
import {
  casesApi,
  type CaseAction,
  type CaseCard,
  type CaseStatus,
  type Category,
  type CategoryNode,
  type Channel,
  type RequestType,
} from './cases-api.js';

export const CASE_STATUSES: CaseStatus[] = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'extension_requested',
  'return_requested',
  'handled',
  'verified',
  'suspended',
  'merged',
  'closed',
  'visited',
  'cancelled',
];
export const CHANNELS: Channel[] = ['phone', 'web', 'app', 'inspector', 'sensor', 'open311'];
export const REQUEST_TYPES: RequestType[] = ['complaint', 'report', 'help', 'consult', 'suggestion', 'praise'];
export const CARDS: CaseCard[] = ['none', 'yellow', 'red'];

/** Card colours on lists and the map: the same three everywhere. */
export const CARD_COLORS: Record<CaseCard, string> = { none: '#1677ff', yellow: '#faad14', red: '#f5222d' };

const STATUS_COLORS: Partial<Record<CaseStatus, string>> = {
  reported: 'default',
  registered: 'blue',
  dispatched: 'geekblue',
  accepted: 'processing',
  extension_requested: 'orange',
  return_requested: 'orange',
  handled: 'cyan',
  verified: 'cyan',
  suspended: 'purple',
  merged: 'default',
  closed: 'success',
  visited: 'success',
  cancelled: 'default',
};

export const statusKey = (s: string) => `cases.status.${s}` as MessageKey;
export const actionKey = (a: string) => `cases.action.${a}` as MessageKey;
export const channelKey = (c: string) => `cases.channel.${c}` as MessageKey;
export const requestTypeKey = (r: string) => `cases.requestType.${r}` as MessageKey;

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {t(statusKey(status))}
    </Tag>
  );
}

/** Yellow (≥ 80 % of the working time used) and red (overdue); nothing for a case on time. */
export function CardTag({ card, timeUsed }: { card: CaseCard; timeUsed?: number | null }) {
  const t = useT();
  const pct = timeUsed === null || timeUsed === undefined ? '' : ` ${Math.round(timeUsed * 100)}%`;
  if (card === 'none') return timeUsed === null || timeUsed === undefined ? null : <span className="zc-case-used">{pct.trim()}</span>;
  return (
    <Tag color={card === 'red' ? 'red' : 'gold'} data-testid={`case-card-${card}`}>
      {t(card === 'red' ? 'cases.card.red' : 'cases.card.yellow')}
      {pct}
    </Tag>
  );
}

/** Options of a status filter. */
export const statusOptions = (t: TranslateFn) => [
  { value: 'open', label: t('cases.filter.open') },
  ...CASE_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) })),
];

/** The taxonomy, read once per screen, with a name lookup and flat 小类 options. */
export function useCategories() {
  const state = useAsync((signal) => casesApi.categories(signal), []);
  return useMemo(() => {
    const tree: CategoryNode[] = state.data?.items ?? [];
    const byCode = new Map<string, Category | CategoryNode>();
    for (const n of tree) {
      byCode.set(n.code, n);
      for (const c of n.children) byCode.set(c.code, c);
    }
    const name = (code: string | null | undefined) => {
      if (!code) return '—';
      const c = byCode.get(code);
      if (!c) return code;
      const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
      return parent ? `${parent.name} / ${c.name}` : c.name;
    };
    /** Cascader-like grouped options of the 小类, for a Select. */
    const options = tree.map((n) => ({
      label: `${n.code} ${n.name}`,
      title: n.name,
      options: n.children.map((c) => ({ value: c.code, label: `${c.code} ${n.name} / ${c.name}` })),
    }));
    return { tree, byCode, name, options, loading: state.loading, error: state.error, reload: state.reload };
  }, [state.data, state.loading, state.error, state.reload]);
}

/** Which fields the form of an action asks for (the workflow table's `requires`, as the server checks them). */
export const ACTION_FIELDS: Record<string, Array<'comment' | 'reason' | 'departmentCode' | 'extensionDays' | 'satisfaction' | 'intoId'>> = {
  register: [],
  answer: ['comment'],
  dispatch: ['departmentCode'],
  reassign: ['departmentCode'],
  accept: [],
  request_return: ['reason'],
  approve_return: [],
  reject_return: ['comment'],
  request_extension: ['extensionDays', 'reason'],
  approve_extension: [],
  reject_extension: ['comment'],
  handle: ['comment'],
  verify: [],
  rework: ['reason'],
  close: [],
  close_unfixed: ['reason'],
  visit: ['satisfaction'],
  suspend: ['reason'],
  resume: [],
  cancel: ['reason'],
  merge: ['intoId'],
  urge: [],
  escalate: ['comment'],
};

/** Actions that undo or stop work are shown as danger buttons. */
export const DANGER_ACTIONS = new Set<string>(['cancel', 'request_return', 'close_unfixed', 'rework', 'reject_return', 'reject_extension']);

/** The actions in the order a user reads them: forward steps first, then the rest. */
export const ACTION_ORDER: CaseAction[] = [
  'register',
  'answer',
  'dispatch',
  'accept',
  'handle',
  'verify',
  'close',
  'visit',
  'approve_return',
  'reject_return',
  'approve_extension',
  'reject_extension',
  'request_extension',
  'request_return',
  'reassign',
  'urge',
  'escalate',
  'suspend',
  'resume',
  'rework',
  'close_unfixed',
  'merge',
  'cancel',
];
