/** Alarms as stored and as the API shows them. */
import type { Severity } from '../rules/rule-types.js';
import type { AlarmStatus, PerceivedSeverity } from './alarm-lifecycle.js';
import type { AlarmValue, ClearReason } from './events.js';

/** A stored alarm. */
export interface AlarmRecord {
  id: string;
  ruleId: string;
  ruleName: string;
  condition: string;
  deviceId: string;
  deviceType: string;
  property: string;
  severity: Severity;
  status: AlarmStatus;
  acknowledged: boolean;
  count: number;
  raisedAt: Date;
  lastSeenAt: Date;
  firstValue: AlarmValue;
  lastValue: AlarmValue;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
  clearedAt: Date | null;
  clearReason: ClearReason | null;
  gridCode: string | null;
  lon: number | null;
  lat: number | null;
}

/** What happened to an alarm. */
export type AlarmHistoryAction = 'raised' | 'repeated' | 'acknowledged' | 'cleared';

/** One stored history entry. */
export interface AlarmHistoryRecord {
  action: AlarmHistoryAction;
  at: Date;
  actor: string;
  comment: string | null;
  value: AlarmValue;
}

/** An alarm in `GET /sensing/alarms` (CONTRACT.md names id … clearedAt; the rest is extra). */
export interface AlarmView {
  id: string;
  ruleId: string;
  ruleName: string;
  condition: string;
  deviceId: string;
  deviceType: string;
  property: string;
  status: AlarmStatus;
  /** Somebody acknowledged it (an alarm that cleared unacknowledged keeps `false`). */
  acknowledged: boolean;
  severity: Severity;
  /** The ITU-T X.733 / ThingsBoard name of the severity. */
  perceivedSeverity: PerceivedSeverity;
  count: number;
  raisedAt: string;
  lastSeenAt: string;
  clearedAt: string | null;
  clearReason: ClearReason | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
  firstValue: AlarmValue;
  lastValue: AlarmValue;
  gridCode: string | null;
  location: { lon: number; lat: number } | null;
}

/** One entry of an alarm's history as the API shows it. */
export interface AlarmHistoryView {
  action: AlarmHistoryAction;
  at: string;
  by: string;
  comment: string | null;
  value: AlarmValue;
}

/** `GET /sensing/alarms/{id}`. */
export interface AlarmDetailView extends AlarmView {
  history: AlarmHistoryView[];
}

/** The `status` filter: one status, or `open` for active and acknowledged together. */
export type AlarmStatusFilter = AlarmStatus | 'open';

/** Query of the alarm list. */
export interface AlarmListQuery {
  status?: AlarmStatusFilter;
  deviceId?: string;
  ruleId?: string;
  severity?: Severity;
  limit?: number;
  cursor?: string;
}

/** A page of alarms, newest first. */
export interface AlarmPage {
  items: AlarmView[];
  next: string | null;
  total: number;
}
