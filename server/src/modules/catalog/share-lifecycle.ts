/**
 * The share request state machine in one table (STYLE.md "explicit state machines"): every
 * transition, who may take it and what it requires. Escalation to the data bureau is not a state
 * change: an overdue request stays pending and gains `escalatedAt`.
 */
import type { ShareStatus } from './sharing.repository.js';

/** The actions on a share request. */
export type ShareAction = 'approve' | 'refuse' | 'withdraw';

/** Whose decision an action is. */
export type ShareParty = 'provider' | 'consumer';

export interface ShareTransition {
  from: ShareStatus;
  to: ShareStatus;
  /** The department side that may take it (the administrator may take any). */
  by: ShareParty;
  permission: string;
  /** Body members that must be present and non-empty. */
  requires: string[];
}

export const SHARE_TRANSITIONS: Record<ShareAction, ShareTransition> = {
  approve: { from: 'pending', to: 'approved', by: 'provider', permission: 'catalog.share.approve', requires: [] },
  // 国发〔2016〕51号: a refusal must give its reasons.
  refuse: { from: 'pending', to: 'refused', by: 'provider', permission: 'catalog.share.approve', requires: ['reason'] },
  withdraw: { from: 'pending', to: 'withdrawn', by: 'consumer', permission: 'catalog.share.request', requires: [] },
};

/** Working days the provider has to answer. */
export const ANSWER_WORKING_DAYS = 10;
/** The longest period a grant may run. */
export const MAX_GRANT_MS = 3 * 366 * 86_400_000;
