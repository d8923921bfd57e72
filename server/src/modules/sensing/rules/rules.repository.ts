/** The SQL of alarm rules, one Kysely code path for SQLite and PostgreSQL. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import type { RuleDraft } from './rule-validation.js';
import { targetFields, type Rule, type RuleTarget } from './rule-types.js';

type Executor = Kysely<any>;

/** Filter of the rule list. */
export interface RuleFilter {
  deviceId?: string;
  deviceType?: string;
  areaCode?: string;
  property?: string;
  enabled?: boolean;
  afterId?: string;
  limit: number;
}

/** Queries of `sensing_rules`. */
export class RulesRepository {
  constructor(private readonly db: Database) {}

  /** Every rule (the in-memory index is built from this). */
  async all(): Promise<Rule[]> {
    const rows = await this.db.kysely.selectFrom('sensing_rules').selectAll().orderBy('id').execute();
    return rows.map((r) => this.toRule(r));
  }

  /**
   * A cheap stamp of the table: it changes with every insert, update and delete (count and the
   * sum of revisions move, and the newest update time), so a node can tell its cache is stale.
   */
  async fingerprint(): Promise<string> {
    const r = await this.db.kysely
      .selectFrom('sensing_rules')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('revision').as('revisions'), eb.fn.max('updated_at').as('updated')])
      .executeTakeFirst();
    const updated = r?.updated === null || r?.updated === undefined ? 0 : this.db.sql.readTime(r.updated).getTime();
    return `${Number(r?.n ?? 0)}:${Number(r?.revisions ?? 0)}:${updated}`;
  }

  async find(id: string): Promise<Rule | null> {
    const r = await this.db.kysely.selectFrom('sensing_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toRule(r) : null;
  }

  /** A rule, locked for a change on PostgreSQL (evaluations of it wait). */
  async lockForChange(trx: Executor, id: string): Promise<Rule | null> {
    let q = trx.selectFrom('sensing_rules').selectAll().where('id', '=', id);
    if (this.db.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? this.toRule(r) : null;
  }

  /**
   * The current definitions of rules about to be evaluated, share-locked on PostgreSQL so that a
   * concurrent change or deletion waits for the evaluation (and the evaluation never uses a rule
   * that was deleted or disabled a moment ago).
   */
  async lockForEvaluation(trx: Executor, ids: readonly string[]): Promise<Map<string, Rule>> {
    const out = new Map<string, Rule>();
    if (ids.length === 0) return out;
    let q = trx
      .selectFrom('sensing_rules')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id');
    if (this.db.dialect === 'postgres') q = q.forShare();
    for (const r of await q.execute()) out.set(r.id, this.toRule(r));
    return out;
  }

  async list(f: RuleFilter): Promise<{ rows: Rule[]; total: number }> {
    let base = this.db.kysely.selectFrom('sensing_rules');
    if (f.deviceId) base = base.where('device_id', '=', f.deviceId);
    if (f.deviceType) base = base.where('device_type', '=', f.deviceType);
    if (f.areaCode) base = base.where('area_code', '=', f.areaCode);
    if (f.property) base = base.where('property', '=', f.property);
    if (f.enabled !== undefined) base = base.where('enabled', '=', f.enabled);
    const count = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
    let page = base.selectAll();
    if (f.afterId) page = page.where('id', '>', f.afterId);
    const rows = await page.orderBy('id').limit(f.limit).execute();
    return { rows: rows.map((r) => this.toRule(r)), total: Number(count?.count ?? 0) };
  }

  async insert(trx: Executor, id: string, d: RuleDraft, actor: string, at: Date): Promise<void> {
    await trx
      .insertInto('sensing_rules')
      .values({ id, ...columns(d), revision: 1, armed_at: at, created_by: actor, created_at: at, updated_at: at })
      .execute();
  }

  /** Writes the new definition; `rearm` restarts the rule's watch (nodata baseline). */
  async update(trx: Executor, id: string, d: RuleDraft, rearm: boolean, at: Date): Promise<void> {
    const current = await trx.selectFrom('sensing_rules').select('revision').where('id', '=', id).executeTakeFirstOrThrow();
    await trx
      .updateTable('sensing_rules')
      .set({ ...columns(d), revision: Number(current.revision) + 1, updated_at: at, ...(rearm ? { armed_at: at } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async delete(trx: Executor, id: string): Promise<void> {
    await trx.deleteFrom('sensing_rules').where('id', '=', id).execute();
  }

  private toRule(r: Record<string, any>): Rule {
    const target: RuleTarget = r.device_id
      ? { kind: 'device', deviceId: r.device_id }
      : r.device_type
        ? { kind: 'type', deviceType: r.device_type }
        : { kind: 'area', areaCode: r.area_code };
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const low = num(r.range_low);
    const high = num(r.range_high);
    return {
      id: r.id,
      name: r.name,
      description: r.description ?? null,
      target,
      property: r.property,
      operator: r.operator,
      threshold: num(r.threshold),
      range: low !== null && high !== null ? [low, high] : null,
      durationSeconds: Number(r.duration_seconds),
      clearHysteresis: Number(r.clear_hysteresis),
      severity: r.severity,
      enabled: this.db.sql.readBool(r.enabled),
      revision: Number(r.revision),
      armedAt: this.db.sql.readTime(r.armed_at),
      createdBy: r.created_by,
      createdAt: this.db.sql.readTime(r.created_at),
      updatedAt: this.db.sql.readTime(r.updated_at),
    };
  }
}

function columns(d: RuleDraft): Record<string, unknown> {
  const t = targetFields(d.target);
  return {
    name: d.name,
    description: d.description,
    device_id: t.deviceId,
    device_type: t.deviceType,
    area_code: t.areaCode,
    property: d.property,
    operator: d.operator,
    threshold: d.threshold,
    range_low: d.range?.[0] ?? null,
    range_high: d.range?.[1] ?? null,
    duration_seconds: d.durationSeconds,
    clear_hysteresis: d.clearHysteresis,
    severity: d.severity,
    enabled: d.enabled,
  };
}
