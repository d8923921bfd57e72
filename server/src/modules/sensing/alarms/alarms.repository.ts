/**
 * The SQL of alarms and their history, one Kysely code path for SQLite and PostgreSQL. Writes take
 * the caller's transaction; guarded updates name the lifecycle states they may start from, so a
 * stale caller changes nothing instead of breaking the lifecycle.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import { DevicesRepository } from '../devices.repository.js';
import type { DeviceScope } from '../sensing-types.js';
import { storedState, type AlarmState, type AlarmStatus } from './alarm-lifecycle.js';
import type { AlarmHistoryAction, AlarmHistoryRecord, AlarmRecord } from './alarm-types.js';
import type { AlarmValue, ClearReason } from './events.js';

type Executor = Kysely<any>;

/** Filter of the alarm list. */
export interface AlarmFilter {
  statuses?: AlarmStatus[];
  deviceId?: string;
  ruleId?: string;
  severity?: string;
  /** Ids strictly below this one (newest-first paging; ids are time-ordered). */
  beforeId?: string;
  /** Department scoping: only alarms of devices in this scope; absent = city-wide. */
  scope?: DeviceScope;
  limit: number;
}

/** Changes of an alarm row. */
export interface AlarmChange {
  state?: AlarmState;
  /** Count one more breaching reading (`count = count + 1`, race-free). */
  bumpCount?: boolean;
  lastSeenAt?: Date;
  lastValue?: AlarmValue;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  ackComment?: string;
  clearedAt?: Date;
  clearReason?: ClearReason;
}

/** Queries of `sensing_alarms` and `sensing_alarm_events`. */
export class AlarmsRepository {
  constructor(private readonly db: Database) {}

  async insert(trx: Executor, a: AlarmRecord, at: Date): Promise<void> {
    await trx
      .insertInto('sensing_alarms')
      .values({
        id: a.id,
        rule_id: a.ruleId,
        rule_name: a.ruleName,
        condition: a.condition,
        device_id: a.deviceId,
        device_type: a.deviceType,
        property: a.property,
        severity: a.severity,
        status: a.status,
        acknowledged: a.acknowledged,
        count: a.count,
        raised_at: a.raisedAt,
        last_seen_at: a.lastSeenAt,
        first_value: JSON.stringify(a.firstValue),
        last_value: JSON.stringify(a.lastValue),
        grid_code: a.gridCode,
        lon: a.lon,
        lat: a.lat,
        updated_at: at,
      })
      .execute();
  }

  async find(id: string): Promise<AlarmRecord | null> {
    const r = await this.db.kysely.selectFrom('sensing_alarms').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toRecord(r) : null;
  }

  /** Whether the device lies in the scope (department scoping). */
  async deviceInScope(deviceId: string, scope: DeviceScope): Promise<boolean> {
    return !!(await new DevicesRepository(this.db).idsInScope(scope).where('id', '=', deviceId).executeTakeFirst());
  }

  /** Reads an alarm and, on PostgreSQL, locks it until the transaction ends. */
  async lock(trx: Executor, id: string): Promise<AlarmRecord | null> {
    let q = trx.selectFrom('sensing_alarms').selectAll().where('id', '=', id);
    if (this.db.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? this.toRecord(r) : null;
  }

  /** Open (not cleared) alarms of a rule, locked on PostgreSQL. */
  async lockOpenForRule(trx: Executor, ruleId: string): Promise<AlarmRecord[]> {
    let q = trx.selectFrom('sensing_alarms').selectAll().where('rule_id', '=', ruleId).where('status', '<>', 'cleared').orderBy('id');
    if (this.db.dialect === 'postgres') q = q.forUpdate();
    return (await q.execute()).map((r) => this.toRecord(r));
  }

  /**
   * Applies a change when the alarm is in one of `from` (a lifecycle guard); returns whether a
   * row changed.
   */
  async update(trx: Executor, id: string, from: readonly AlarmState[], c: AlarmChange, at: Date): Promise<boolean> {
    const set: Record<string, unknown> = { updated_at: at };
    if (c.state) Object.assign(set, storedState(c.state));
    if (c.bumpCount) set.count = sql`count + 1`;
    if (c.lastSeenAt) set.last_seen_at = c.lastSeenAt;
    if (c.lastValue !== undefined) set.last_value = JSON.stringify(c.lastValue);
    if (c.acknowledgedAt) set.acknowledged_at = c.acknowledgedAt;
    if (c.acknowledgedBy) set.acknowledged_by = c.acknowledgedBy;
    if (c.ackComment) set.ack_comment = c.ackComment;
    if (c.clearedAt) set.cleared_at = c.clearedAt;
    if (c.clearReason) set.clear_reason = c.clearReason;
    const guard = from.map(storedState);
    const r = await trx
      .updateTable('sensing_alarms')
      .set(set)
      .where('id', '=', id)
      .where((eb) => eb.or(guard.map((g) => eb.and([eb('status', '=', g.status), eb('acknowledged', '=', g.acknowledged)]))))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async addHistory(
    trx: Executor,
    alarmId: string,
    e: { action: AlarmHistoryAction; at: Date; actor: string; comment?: string | null; value?: AlarmValue },
  ): Promise<void> {
    await trx
      .insertInto('sensing_alarm_events')
      .values({
        alarm_id: alarmId,
        action: e.action,
        at: e.at,
        actor: e.actor,
        comment: e.comment ?? null,
        value: e.value === undefined ? null : JSON.stringify(e.value),
      })
      .execute();
  }

  /** An alarm's history, oldest first. */
  async history(alarmId: string): Promise<AlarmHistoryRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_alarm_events')
      .selectAll()
      .where('alarm_id', '=', alarmId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      action: r.action,
      at: this.db.sql.readTime(r.at),
      actor: r.actor,
      comment: r.comment ?? null,
      value: r.value === null || r.value === undefined ? null : this.db.sql.readJson<AlarmValue>(r.value),
    }));
  }

  /** A page of alarms, newest first, and the total of the filter. */
  async list(f: AlarmFilter): Promise<{ rows: AlarmRecord[]; total: number }> {
    let base = this.db.kysely.selectFrom('sensing_alarms');
    if (f.statuses) base = base.where('status', 'in', f.statuses);
    if (f.deviceId) base = base.where('device_id', '=', f.deviceId);
    if (f.ruleId) base = base.where('rule_id', '=', f.ruleId);
    if (f.severity) base = base.where('severity', '=', f.severity);
    if (f.scope) base = base.where('device_id', 'in', new DevicesRepository(this.db).idsInScope(f.scope));
    const count = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
    let page = base.selectAll();
    if (f.beforeId) page = page.where('id', '<', f.beforeId);
    const rows = await page.orderBy('id', 'desc').limit(f.limit).execute();
    return { rows: rows.map((r) => this.toRecord(r)), total: Number(count?.count ?? 0) };
  }

  private toRecord(r: Record<string, any>): AlarmRecord {
    const json = (v: unknown): AlarmValue => (v === null || v === undefined ? null : this.db.sql.readJson<AlarmValue>(v));
    return {
      id: r.id,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      condition: r.condition,
      deviceId: r.device_id,
      deviceType: r.device_type,
      property: r.property,
      severity: r.severity,
      status: r.status,
      acknowledged: this.db.sql.readBool(r.acknowledged),
      count: Number(r.count),
      raisedAt: this.db.sql.readTime(r.raised_at),
      lastSeenAt: this.db.sql.readTime(r.last_seen_at),
      firstValue: json(r.first_value),
      lastValue: json(r.last_value),
      acknowledgedAt: this.db.sql.readTimeOrNull(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_by ?? null,
      ackComment: r.ack_comment ?? null,
      clearedAt: this.db.sql.readTimeOrNull(r.cleared_at),
      clearReason: r.clear_reason ?? null,
      gridCode: r.grid_code ?? null,
      lon: r.lon === null || r.lon === undefined ? null : Number(r.lon),
      lat: r.lat === null || r.lat === undefined ? null : Number(r.lat),
    };
  }
}
