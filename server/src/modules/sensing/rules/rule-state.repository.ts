/**
 * The SQL of the engine's memory per rule × device. An evaluation first makes sure the rows
 * exist, then reads them under a row lock (PostgreSQL), so two nodes evaluating readings of the
 * same device one after the other never both raise.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import type { RuleState } from './rule-engine.js';

type Executor = Kysely<any>;

/** A rule × device pair. */
export interface RuleDeviceKey {
  ruleId: string;
  deviceId: string;
}

/** A stored state: the engine's fields plus the id of the open alarm. */
export interface StoredRuleState extends RuleDeviceKey {
  pendingSince: number | null;
  lastValue: number | null;
  lastTs: number | null;
  /** The open alarm, null when none. */
  alarmId: string | null;
}

/** The engine's view of a stored state. */
export function engineState(s: StoredRuleState | undefined): RuleState {
  if (!s) return { pendingSince: null, lastValue: null, lastTs: null, active: false };
  return { pendingSince: s.pendingSince, lastValue: s.lastValue, lastTs: s.lastTs, active: s.alarmId !== null };
}

/** Map key of a pair. */
export const pairKey = (ruleId: string, deviceId: string): string => `${ruleId}\u0000${deviceId}`;

/** Rows per statement: well under both dialects' bound-parameter limits. */
const CHUNK = 300;

/** Queries of `sensing_rule_state`. */
export class RuleStateRepository {
  constructor(private readonly db: Database) {}

  /** Creates missing rows (empty state) so that they can be locked. */
  async ensure(trx: Executor, pairs: readonly RuleDeviceKey[], at: Date): Promise<void> {
    for (let i = 0; i < pairs.length; i += CHUNK) {
      const values = pairs.slice(i, i + CHUNK).map((p) => ({ rule_id: p.ruleId, device_id: p.deviceId, updated_at: at }));
      await trx
        .insertInto('sensing_rule_state')
        .values(values)
        .onConflict((oc) => oc.columns(['rule_id', 'device_id']).doNothing())
        .execute();
    }
  }

  /** Reads the pairs' states, locking them on PostgreSQL until the transaction ends. */
  async lock(trx: Executor, pairs: readonly RuleDeviceKey[]): Promise<Map<string, StoredRuleState>> {
    return this.read(trx, pairs, this.db.dialect === 'postgres');
  }

  /** Reads the pairs' states without locking (a first look before a locked re-check). */
  async peek(pairs: readonly RuleDeviceKey[]): Promise<Map<string, StoredRuleState>> {
    return this.read(this.db.kysely, pairs, false);
  }

  /** Every state of a rule. */
  async forRule(ruleId: string): Promise<StoredRuleState[]> {
    const rows = await this.db.kysely.selectFrom('sensing_rule_state').selectAll().where('rule_id', '=', ruleId).execute();
    return rows.map((r) => this.toState(r));
  }

  /** Writes states (insert or replace). */
  async save(trx: Executor, states: readonly StoredRuleState[], at: Date): Promise<void> {
    for (let i = 0; i < states.length; i += CHUNK) {
      const values = states.slice(i, i + CHUNK).map((s) => ({
        rule_id: s.ruleId,
        device_id: s.deviceId,
        pending_since: s.pendingSince === null ? null : new Date(s.pendingSince),
        last_value: s.lastValue,
        last_ts: s.lastTs === null ? null : new Date(s.lastTs),
        alarm_id: s.alarmId,
        updated_at: at,
      }));
      await trx
        .insertInto('sensing_rule_state')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['rule_id', 'device_id']).doUpdateSet((eb) => ({
            pending_since: eb.ref('excluded.pending_since'),
            last_value: eb.ref('excluded.last_value'),
            last_ts: eb.ref('excluded.last_ts'),
            alarm_id: eb.ref('excluded.alarm_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  /** Forgets a rule's states (after a change of its definition, or its deletion). */
  async deleteForRule(trx: Executor, ruleId: string): Promise<void> {
    await trx.deleteFrom('sensing_rule_state').where('rule_id', '=', ruleId).execute();
  }

  /** Locks every state of a rule on PostgreSQL (a rule change waits for running evaluations). */
  async lockRule(trx: Executor, ruleId: string): Promise<void> {
    if (this.db.dialect !== 'postgres') return;
    await trx.selectFrom('sensing_rule_state').select('rule_id').where('rule_id', '=', ruleId).forUpdate().execute();
  }

  private async read(ex: Executor, pairs: readonly RuleDeviceKey[], forUpdate: boolean): Promise<Map<string, StoredRuleState>> {
    const out = new Map<string, StoredRuleState>();
    if (pairs.length === 0) return out;
    const wanted = new Set(pairs.map((p) => pairKey(p.ruleId, p.deviceId)));
    const ruleIds = [...new Set(pairs.map((p) => p.ruleId))].sort();
    const deviceIds = [...new Set(pairs.map((p) => p.deviceId))].sort();
    // IN lists on both columns (row-value IN is not portable to SQLite); extra rows are dropped below.
    for (let i = 0; i < deviceIds.length; i += CHUNK) {
      let q = ex
        .selectFrom('sensing_rule_state')
        .selectAll()
        .where('rule_id', 'in', ruleIds)
        .where('device_id', 'in', deviceIds.slice(i, i + CHUNK))
        .orderBy('rule_id')
        .orderBy('device_id');
      if (forUpdate) q = q.forUpdate();
      for (const r of await q.execute()) {
        const s = this.toState(r);
        const k = pairKey(s.ruleId, s.deviceId);
        if (wanted.has(k)) out.set(k, s);
      }
    }
    return out;
  }

  private toState(r: Record<string, any>): StoredRuleState {
    const time = (v: unknown) => (v === null || v === undefined ? null : this.db.sql.readTime(v).getTime());
    return {
      ruleId: r.rule_id,
      deviceId: r.device_id,
      pendingSince: time(r.pending_since),
      lastValue: r.last_value === null || r.last_value === undefined ? null : Number(r.last_value),
      lastTs: time(r.last_ts),
      alarmId: r.alarm_id ?? null,
    };
  }
}
