/**
 * The alarm lifecycle, as one table: every state, every action, who may take it and what it
 * needs. Anything not in the table is refused with a `conflict` (409).
 *
 * An alarm is raised `active` (unacknowledged). A user acknowledges it with a comment; the rule
 * engine clears it when the condition is over (with hysteresis). An alarm that clears before
 * anyone acknowledged it stays visibly unacknowledged, and may still be acknowledged afterwards,
 * so that nobody misses that it happened (the usual alarm-console practice, as in ThingsBoard).
 *
 * Stored as two columns: `status` (`active | acknowledged | cleared`, CONTRACT.md) and the
 * `acknowledged` flag, which is what tells the two cleared states apart.
 */
import { DomainError } from '../../../kernel/errors.js';
import type { Severity } from '../rules/rule-types.js';

/** The API's status field (CONTRACT.md "Sensing"). */
export const ALARM_STATUSES = ['active', 'acknowledged', 'cleared'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

/** The four lifecycle states. */
export type AlarmState = 'active' | 'acknowledged' | 'cleared_unacknowledged' | 'cleared_acknowledged';

/** What can happen to an alarm after it was raised. */
export type AlarmAction = 'repeat' | 'acknowledge' | 'clear';

/** Who takes an action: the rule engine (`system`) or a signed-in user or API key (`user`). */
export type AlarmActor = 'system' | 'user';

interface AlarmTransition {
  from: AlarmState;
  action: AlarmAction;
  to: AlarmState;
  by: AlarmActor;
  /** Fields the action must carry. */
  requires: readonly 'comment'[];
}

/** The state a new alarm starts in. */
export const ALARM_INITIAL_STATE: AlarmState = 'active';

/** Every legal move. */
export const ALARM_TRANSITIONS: readonly AlarmTransition[] = [
  // from                      action         to                         by        requires
  { from: 'active', action: 'repeat', to: 'active', by: 'system', requires: [] },
  { from: 'acknowledged', action: 'repeat', to: 'acknowledged', by: 'system', requires: [] },
  { from: 'active', action: 'acknowledge', to: 'acknowledged', by: 'user', requires: ['comment'] },
  { from: 'cleared_unacknowledged', action: 'acknowledge', to: 'cleared_acknowledged', by: 'user', requires: ['comment'] },
  { from: 'active', action: 'clear', to: 'cleared_unacknowledged', by: 'system', requires: [] },
  { from: 'acknowledged', action: 'clear', to: 'cleared_acknowledged', by: 'system', requires: [] },
];

/** The lifecycle state of a stored alarm. */
export function alarmState(status: AlarmStatus, acknowledged: boolean): AlarmState {
  if (status !== 'cleared') return status;
  return acknowledged ? 'cleared_acknowledged' : 'cleared_unacknowledged';
}

/** The stored columns of a lifecycle state. */
export function storedState(state: AlarmState): { status: AlarmStatus; acknowledged: boolean } {
  switch (state) {
    case 'active':
      return { status: 'active', acknowledged: false };
    case 'acknowledged':
      return { status: 'acknowledged', acknowledged: true };
    case 'cleared_unacknowledged':
      return { status: 'cleared', acknowledged: false };
    case 'cleared_acknowledged':
      return { status: 'cleared', acknowledged: true };
  }
}

const READABLE: Record<AlarmState, string> = {
  active: 'active',
  acknowledged: 'acknowledged',
  cleared_unacknowledged: 'cleared',
  cleared_acknowledged: 'cleared and acknowledged',
};

/**
 * The state after `action`, or a `conflict` naming why not.
 *
 * @example nextAlarmState('active', 'acknowledge', { comment: '已派人处置' }) // 'acknowledged'
 * @example nextAlarmState('acknowledged', 'acknowledge', { comment: 'x' }) // throws DomainError('conflict')
 */
export function nextAlarmState(from: AlarmState, action: AlarmAction, given: { comment?: string | null } = {}): AlarmState {
  const t = ALARM_TRANSITIONS.find((x) => x.from === from && x.action === action);
  if (!t) throw new DomainError('conflict', `An alarm that is ${READABLE[from]} cannot be ${PAST[action]}`);
  for (const field of t.requires) {
    if (!given[field]?.trim()) {
      throw new DomainError('invalid', `To ${action} an alarm give a ${field}`, [{ path: `/body/${field}`, message: 'is required' }]);
    }
  }
  return t.to;
}

const PAST: Record<AlarmAction, string> = { repeat: 'repeated', acknowledge: 'acknowledged', clear: 'cleared' };

/** The states an action may start from (for guarded SQL updates: `where status in (…)`). */
export function statesAllowing(action: AlarmAction): AlarmState[] {
  return ALARM_TRANSITIONS.filter((t) => t.action === action).map((t) => t.from);
}

/**
 * ITU-T X.733 perceived severities, the names ThingsBoard and most alarm consoles use. The four
 * warning colours map onto the four graded ones; `indeterminate` has no colour.
 */
export type PerceivedSeverity = 'critical' | 'major' | 'minor' | 'warning';

/** Colour → X.733 / ThingsBoard severity, for integrators. */
export const PERCEIVED_SEVERITY: Readonly<Record<Severity, PerceivedSeverity>> = {
  red: 'critical',
  orange: 'major',
  yellow: 'minor',
  blue: 'warning',
};
