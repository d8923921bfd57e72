/**
 * Alarms: listing, detail with history, acknowledgement by a user, and the three writes the rule
 * engine's decisions turn into (raise, repeat, clear). Every lifecycle move goes through the
 * table in `alarm-lifecycle.ts`; raising, acknowledging and clearing write their audit record and
 * outbox event in the caller's transaction.
 *
 * Repeats are counted on the alarm and kept in its history, but neither audited nor evented: a
 * water gauge over its line reports every minute, and one audit record per reading would bury
 * the records that matter (who acknowledged, when it cleared).
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../../kernel/audit/audit-log.js';
import { actorOf, type Principal } from '../../../kernel/auth/principal.js';
import type { Database } from '../../../kernel/db/database.js';
import { DomainError } from '../../../kernel/errors.js';
import type { EventBus } from '../../../kernel/events/event-bus.js';
import { decodeCursor, encodeCursor } from '../../../kernel/http/list-cursor.js';
import { newId } from '../../../kernel/ids.js';
import type { DeviceFacts } from '../rules/device-directory.js';
import { describeCondition, type Rule } from '../rules/rule-types.js';
import { ALARM_INITIAL_STATE, PERCEIVED_SEVERITY, alarmState, nextAlarmState, statesAllowing, storedState } from './alarm-lifecycle.js';
import type { AlarmDetailView, AlarmListQuery, AlarmPage, AlarmRecord, AlarmStatusFilter, AlarmView } from './alarm-types.js';
import { AlarmsRepository } from './alarms.repository.js';
import {
  ALARM_EVENTS,
  type AlarmAcknowledgedV1,
  type AlarmClearedV1,
  type AlarmEventBase,
  type AlarmRaisedV1,
  type AlarmValue,
  type ClearReason,
} from './events.js';
import type { DeviceScope } from '../sensing-types.js';

type Executor = Kysely<any>;

/** Longest acknowledgement comment. */
export const ACK_COMMENT_MAX = 500;

export interface AlarmsServiceDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  now: () => number;
}

/** What a raise needs: the rule as evaluated, the device, the reading. */
export interface RaiseInput {
  rule: Rule;
  deviceId: string;
  deviceType: string;
  /** The device's facts (location, grid), null when the directory does not know it. */
  device: DeviceFacts | null;
  value: AlarmValue;
  at: Date;
}

/** What a clear needs. */
export interface ClearInput {
  value: AlarmValue;
  at: Date;
  reason: ClearReason;
  /** Audit actor; the rule engine is `system`, a rule change is the user who changed it. */
  actor: string;
}

const STATUS_FILTER: Record<AlarmStatusFilter, AlarmView['status'][]> = {
  active: ['active'],
  acknowledged: ['acknowledged'],
  cleared: ['cleared'],
  open: ['active', 'acknowledged'],
};

/** Alarms: reads, acknowledgement, and the writes of the rule engine's decisions. */
export class AlarmsService {
  readonly #repo: AlarmsRepository;

  constructor(private readonly deps: AlarmsServiceDeps) {
    this.#repo = new AlarmsRepository(deps.db);
  }

  /** Alarms newest first, filtered, paged by cursor; `scope` limits them to its devices (department scoping). */
  async list(q: AlarmListQuery, scope: DeviceScope | null = null): Promise<AlarmPage> {
    const limit = q.limit ?? 50;
    const { rows, total } = await this.#repo.list({
      statuses: q.status ? STATUS_FILTER[q.status] : undefined,
      deviceId: q.deviceId,
      ruleId: q.ruleId,
      severity: q.severity,
      beforeId: decodeCursor(q.cursor),
      ...(scope ? { scope } : {}),
      limit,
    });
    return { items: rows.map(toView), next: rows.length === limit ? encodeCursor(rows[rows.length - 1]!.id) : null, total };
  }

  /** Outside the caller's scope an alarm does not exist (404: nothing leaks). */
  async #checkScope(deviceId: string, id: string, scope: DeviceScope | null): Promise<void> {
    if (scope && !(await this.#repo.deviceInScope(deviceId, scope))) {
      throw new DomainError('not_found', `Alarm ${id} does not exist`);
    }
  }

  /** One alarm with its history, oldest entry first. */
  async get(id: string, scope: DeviceScope | null = null): Promise<AlarmDetailView> {
    const a = await this.#repo.find(id);
    if (!a) throw new DomainError('not_found', `Alarm ${id} does not exist`);
    await this.#checkScope(a.deviceId, id, scope);
    const history = await this.#repo.history(id);
    return {
      ...toView(a),
      history: history.map((h) => ({ action: h.action, at: h.at.toISOString(), by: h.actor, comment: h.comment, value: h.value })),
    };
  }

  /**
   * A user acknowledges an alarm with a comment (`已通知排水公司处置`). Allowed while it is active,
   * and after it cleared unacknowledged; twice is a conflict.
   */
  async acknowledge(principal: Principal | null, id: string, comment: string, scope: DeviceScope | null = null): Promise<AlarmDetailView> {
    const text = typeof comment === 'string' ? comment.trim() : '';
    if (!text) throw new DomainError('invalid', 'Say what was done about the alarm', [{ path: '/body/comment', message: 'is required' }]);
    if (text.length > ACK_COMMENT_MAX) {
      throw new DomainError('invalid', `The comment is too long`, [
        { path: '/body/comment', message: `must be at most ${ACK_COMMENT_MAX} characters` },
      ]);
    }
    // Checked before the transaction: on SQLite a query beside an open transaction would wait for it.
    if (scope) {
      const found = await this.#repo.find(id);
      if (found) await this.#checkScope(found.deviceId, id, scope);
    }
    const actor = actorOf(principal);
    const at = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const a = await this.#repo.lock(trx, id);
      if (!a) throw new DomainError('not_found', `Alarm ${id} does not exist`);
      const from = alarmState(a.status, a.acknowledged);
      const to = nextAlarmState(from, 'acknowledge', { comment: text });
      await this.#repo.update(trx, id, [from], { state: to, acknowledgedAt: at, acknowledgedBy: actor, ackComment: text }, at);
      await this.#repo.addHistory(trx, id, { action: 'acknowledged', at, actor, comment: text });
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.alarm.acknowledged',
        target: `alarm:${id}`,
        detail: { comment: text, ruleId: a.ruleId, deviceId: a.deviceId, status: storedState(to).status },
      });
      const payload: AlarmAcknowledgedV1 = {
        ...eventBase(a),
        acknowledgedAt: at.toISOString(),
        acknowledgedBy: actor,
        comment: text,
        open: storedState(to).status !== 'cleared',
      };
      await this.deps.events.publish(trx, ALARM_EVENTS.acknowledged, payload);
    });
    return this.get(id);
  }

  /** Opens an alarm inside the caller's transaction; returns its id. */
  async raise(trx: Executor, input: RaiseInput): Promise<string> {
    const { rule, at } = input;
    const id = newId(this.deps.now());
    const { status, acknowledged } = storedState(ALARM_INITIAL_STATE);
    const record: AlarmRecord = {
      id,
      ruleId: rule.id,
      ruleName: rule.name,
      condition: describeCondition(rule.property, rule),
      deviceId: input.deviceId,
      deviceType: input.deviceType,
      property: rule.property,
      severity: rule.severity,
      status,
      acknowledged,
      count: 1,
      raisedAt: at,
      lastSeenAt: at,
      firstValue: input.value,
      lastValue: input.value,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackComment: null,
      clearedAt: null,
      clearReason: null,
      gridCode: input.device?.gridCode ?? null,
      lon: input.device?.lon ?? null,
      lat: input.device?.lat ?? null,
    };
    await this.#repo.insert(trx, record, new Date(this.deps.now()));
    await this.#repo.addHistory(trx, id, { action: 'raised', at, actor: 'system', value: input.value });
    await this.deps.audit.record(trx, {
      actor: 'system',
      action: 'sensing.alarm.raised',
      target: `alarm:${id}`,
      detail: { ruleId: rule.id, deviceId: input.deviceId, property: rule.property, value: input.value, severity: rule.severity },
    });
    const payload: AlarmRaisedV1 = { ...eventBase(record), value: input.value, condition: record.condition };
    await this.deps.events.publish(trx, ALARM_EVENTS.raised, payload);
    return id;
  }

  /** Counts one more breaching reading on an open alarm; false when it is not open any more. */
  async repeat(trx: Executor, alarmId: string, value: AlarmValue, at: Date): Promise<boolean> {
    const changed = await this.#repo.update(
      trx,
      alarmId,
      statesAllowing('repeat'),
      { bumpCount: true, lastSeenAt: at, lastValue: value },
      new Date(this.deps.now()),
    );
    if (changed) await this.#repo.addHistory(trx, alarmId, { action: 'repeated', at, actor: 'system', value });
    return changed;
  }

  /** Clears an open alarm inside the caller's transaction; false when it was not open. */
  async clear(trx: Executor, alarmId: string, input: ClearInput): Promise<boolean> {
    const a = await this.#repo.lock(trx, alarmId);
    if (!a) return false;
    const from = alarmState(a.status, a.acknowledged);
    if (!statesAllowing('clear').includes(from)) return false;
    const to = nextAlarmState(from, 'clear');
    const change = {
      state: to,
      clearedAt: input.at,
      clearReason: input.reason,
      ...(input.value !== null ? { lastValue: input.value } : {}),
    };
    await this.#repo.update(trx, alarmId, [from], change, new Date(this.deps.now()));
    await this.#repo.addHistory(trx, alarmId, {
      action: 'cleared',
      at: input.at,
      actor: input.actor,
      comment: input.reason,
      value: input.value,
    });
    await this.deps.audit.record(trx, {
      actor: input.actor,
      action: 'sensing.alarm.cleared',
      target: `alarm:${alarmId}`,
      detail: { ruleId: a.ruleId, deviceId: a.deviceId, reason: input.reason, value: input.value, count: a.count },
    });
    const payload: AlarmClearedV1 = {
      ...eventBase(a),
      value: input.value,
      clearedAt: input.at.toISOString(),
      reason: input.reason,
      acknowledged: a.acknowledged,
      count: a.count,
    };
    await this.deps.events.publish(trx, ALARM_EVENTS.cleared, payload);
    return true;
  }

  /** Clears every open alarm of a rule (it was changed, disabled or deleted). */
  async clearAllOfRule(trx: Executor, ruleId: string, input: Omit<ClearInput, 'value'>): Promise<string[]> {
    const open = await this.#repo.lockOpenForRule(trx, ruleId);
    for (const a of open) await this.clear(trx, a.id, { ...input, value: null });
    return open.map((a) => a.id);
  }
}

function eventBase(a: AlarmRecord): AlarmEventBase {
  return {
    alarmId: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    deviceId: a.deviceId,
    deviceType: a.deviceType,
    property: a.property,
    severity: a.severity,
    perceivedSeverity: PERCEIVED_SEVERITY[a.severity],
    location: a.lon !== null && a.lat !== null ? { lon: a.lon, lat: a.lat } : null,
    gridCode: a.gridCode,
    raisedAt: a.raisedAt.toISOString(),
  };
}

/** A stored alarm as the API shows it. */
export function toView(a: AlarmRecord): AlarmView {
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    condition: a.condition,
    deviceId: a.deviceId,
    deviceType: a.deviceType,
    property: a.property,
    status: a.status,
    acknowledged: a.acknowledged,
    severity: a.severity,
    perceivedSeverity: PERCEIVED_SEVERITY[a.severity],
    count: a.count,
    raisedAt: a.raisedAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    clearedAt: a.clearedAt?.toISOString() ?? null,
    clearReason: a.clearReason,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
    ackComment: a.ackComment,
    firstValue: a.firstValue,
    lastValue: a.lastValue,
    gridCode: a.gridCode,
    location: a.lon !== null && a.lat !== null ? { lon: a.lon, lat: a.lat } : null,
  };
}
