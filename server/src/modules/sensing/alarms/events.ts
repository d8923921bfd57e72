/**
 * Events that rules and alarms publish (outbox, same transaction as the change). `cases` turns a
 * raised alarm into a work order, `operations` shows raised and cleared alarms on the big
 * screen. Names are versioned; a breaking payload change gets a new version.
 */
import type { Severity } from '../rules/rule-types.js';
import type { PerceivedSeverity } from './alarm-lifecycle.js';

export const ALARM_EVENTS = {
  raised: 'sensing.alarm.raised.v1',
  acknowledged: 'sensing.alarm.acknowledged.v1',
  cleared: 'sensing.alarm.cleared.v1',
  ruleChanged: 'sensing.rule.changed.v1',
} as const;

/** A reading's value as devices send it; null when no reading decided (a `nodata` tick). */
export type AlarmValue = number | string | boolean | null;

/** What every alarm event says about the alarm. */
export interface AlarmEventBase {
  alarmId: string;
  ruleId: string;
  ruleName: string;
  deviceId: string;
  deviceType: string;
  property: string;
  severity: Severity;
  perceivedSeverity: PerceivedSeverity;
  /** Where the device stands (WGS84), null when it has no location. */
  location: { lon: number; lat: number } | null;
  gridCode: string | null;
  /** ISO-8601. */
  raisedAt: string;
}

/** Payload of `sensing.alarm.raised.v1`. */
export interface AlarmRaisedV1 extends AlarmEventBase {
  /** The reading that raised it. */
  value: AlarmValue;
  /** `level > 3.2 for 600 s` */
  condition: string;
}

/** Payload of `sensing.alarm.acknowledged.v1`. */
export interface AlarmAcknowledgedV1 extends AlarmEventBase {
  acknowledgedAt: string;
  /** Audit actor: a user id or `apikey:<id>`. */
  acknowledgedBy: string;
  comment: string;
  /** Still open (true) or acknowledged after it had cleared (false). */
  open: boolean;
}

/** Why an alarm cleared. */
export type ClearReason = 'recovered' | 'rule_changed' | 'rule_disabled' | 'rule_deleted' | 'device_disabled' | 'device_removed';

/** Payload of `sensing.alarm.cleared.v1`. */
export interface AlarmClearedV1 extends AlarmEventBase {
  /** The reading that cleared it; null when something other than a reading did. */
  value: AlarmValue;
  clearedAt: string;
  reason: ClearReason;
  /** Somebody acknowledged it before it cleared. */
  acknowledged: boolean;
  /** Breaching readings counted while it was open. */
  count: number;
}

/** Payload of `sensing.rule.changed.v1`. */
export interface RuleChangedV1 {
  ruleId: string;
  change: 'created' | 'updated' | 'deleted';
  name: string;
  enabled: boolean;
  /** Fields a change touched (updates only). */
  changed?: string[];
}
