import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '../../../kernel/errors.js';
import {
  ALARM_INITIAL_STATE,
  ALARM_TRANSITIONS,
  PERCEIVED_SEVERITY,
  alarmState,
  nextAlarmState,
  statesAllowing,
  storedState,
  type AlarmAction,
  type AlarmState,
} from './alarm-lifecycle.js';

const conflict = (fn: () => unknown) => assert.throws(fn, (e) => isDomainError(e, 'conflict'));

describe('alarm lifecycle', () => {
  it('starts active and unacknowledged', () => {
    assert.equal(ALARM_INITIAL_STATE, 'active');
    assert.deepEqual(storedState(ALARM_INITIAL_STATE), { status: 'active', acknowledged: false });
  });

  it('goes active → acknowledged (with a comment) → cleared, and stays acknowledged', () => {
    const acked = nextAlarmState('active', 'acknowledge', { comment: '已通知排水公司' });
    assert.equal(acked, 'acknowledged');
    const cleared = nextAlarmState(acked, 'clear');
    assert.deepEqual(storedState(cleared), { status: 'cleared', acknowledged: true });
  });

  it('auto-clears an unacknowledged alarm and keeps it visibly unacknowledged', () => {
    const cleared = nextAlarmState('active', 'clear');
    assert.deepEqual(storedState(cleared), { status: 'cleared', acknowledged: false });
  });

  it('lets a user acknowledge an alarm that cleared unacknowledged', () => {
    assert.equal(nextAlarmState('cleared_unacknowledged', 'acknowledge', { comment: '事后确认' }), 'cleared_acknowledged');
  });

  it('refuses acknowledging twice, clearing twice and repeating a cleared alarm (conflict)', () => {
    conflict(() => nextAlarmState('acknowledged', 'acknowledge', { comment: 'again' }));
    conflict(() => nextAlarmState('cleared_acknowledged', 'acknowledge', { comment: 'again' }));
    conflict(() => nextAlarmState('cleared_unacknowledged', 'clear'));
    conflict(() => nextAlarmState('cleared_acknowledged', 'repeat'));
  });

  it('requires a comment to acknowledge, naming the field', () => {
    assert.throws(
      () => nextAlarmState('active', 'acknowledge', { comment: '  ' }),
      (e) => isDomainError(e, 'invalid') && e.errors[0]?.path === '/body/comment',
    );
  });

  it('counts repeats on open alarms only', () => {
    assert.equal(nextAlarmState('active', 'repeat'), 'active');
    assert.equal(nextAlarmState('acknowledged', 'repeat'), 'acknowledged');
    assert.deepEqual(statesAllowing('repeat').sort(), ['acknowledged', 'active']);
  });

  it('has one row per state × action at most, users only acknowledge, and only the system clears', () => {
    const states: AlarmState[] = ['active', 'acknowledged', 'cleared_unacknowledged', 'cleared_acknowledged'];
    const actions: AlarmAction[] = ['repeat', 'acknowledge', 'clear'];
    for (const s of states) for (const a of actions) assert.ok(ALARM_TRANSITIONS.filter((t) => t.from === s && t.action === a).length <= 1);
    for (const t of ALARM_TRANSITIONS) assert.equal(t.by, t.action === 'acknowledge' ? 'user' : 'system');
  });

  it('round-trips the stored columns', () => {
    for (const s of ['active', 'acknowledged', 'cleared_unacknowledged', 'cleared_acknowledged'] as AlarmState[]) {
      const { status, acknowledged } = storedState(s);
      assert.equal(alarmState(status, acknowledged), s);
    }
  });

  it('maps the warning colours to X.733 / ThingsBoard severities', () => {
    assert.deepEqual(PERCEIVED_SEVERITY, { red: 'critical', orange: 'major', yellow: 'minor', blue: 'warning' });
  });
});
