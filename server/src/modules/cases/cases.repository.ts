/** SQL of cases: rows, the timeline, the daily number sequence, notifications. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { CaseRecord, TimelineEntry } from './case-types.js';
import type { CaseStatus } from './workflow.js';

/** Column ↔ field names (times are epoch ms in records, Date in rows). */
const COLUMNS: Record<keyof CaseRecord, string> = {
  id: 'id',
  number: 'number',
  channel: 'channel',
  requestType: 'request_type',
  status: 'status',
  outcome: 'outcome',
  categoryCode: 'category_code',
  classifiedBy: 'classified_by',
  classifierScore: 'classifier_score',
  description: 'description',
  lon: 'lon',
  lat: 'lat',
  address: 'address',
  districtCode: 'district_code',
  streetCode: 'street_code',
  communityCode: 'community_code',
  gridCode: 'grid_code',
  departmentCode: 'department_code',
  departmentName: 'department_name',
  callerName: 'caller_name',
  callerPhone: 'caller_phone',
  callerPhoneLast4: 'caller_phone_last4',
  confidential: 'confidential',
  createdBy: 'created_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  limitUnit: 'limit_unit',
  limitAmount: 'limit_amount',
  clockFrom: 'clock_from',
  deadlineAt: 'deadline_at',
  dispatchedAt: 'dispatched_at',
  handledAt: 'handled_at',
  closedAt: 'closed_at',
  card: 'card',
  urgedAt: 'urged_at',
  escalatedAt: 'escalated_at',
  reworkCount: 'rework_count',
  returnCount: 'return_count',
  extensionCount: 'extension_count',
  satisfaction: 'satisfaction',
  mergedInto: 'merged_into',
  suspendedFrom: 'suspended_from',
  pendingExtensionDays: 'pending_extension_days',
  sourceAlarmId: 'source_alarm_id',
  version: 'version',
};
const TIME_FIELDS = new Set<keyof CaseRecord>([
  'createdAt',
  'updatedAt',
  'clockFrom',
  'deadlineAt',
  'dispatchedAt',
  'handledAt',
  'closedAt',
  'urgedAt',
  'escalatedAt',
]);
const NUMBER_FIELDS = new Set<keyof CaseRecord>([
  'lon',
  'lat',
  'classifierScore',
  'limitAmount',
  'reworkCount',
  'returnCount',
  'extensionCount',
  'pendingExtensionDays',
  'version',
]);

/** Filters the repository understands (already validated). */
export interface CaseFilter {
  statuses?: CaseStatus[];
  departmentCode?: string;
  gridCode?: string;
  /** A 大类 code matches its 小类 too. */
  categoryCode?: string;
  channel?: string;
  card?: string;
  from?: Date;
  to?: Date;
  q?: string;
  /** Department scoping: only cases of this department. */
  scopeDepartment?: string;
  sort: 'created' | 'deadline';
  after?: { key: number; id: string };
  limit: number;
}

export class CasesRepository {
  constructor(private readonly db: Database) {}

  toRow(patch: Partial<CaseRecord>): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch) as Array<[keyof CaseRecord, unknown]>) {
      row[COLUMNS[k]] = TIME_FIELDS.has(k) && typeof v === 'number' ? new Date(v) : v;
    }
    return row;
  }

  toRecord(r: Record<string, unknown>): CaseRecord {
    const out: Record<string, unknown> = {};
    for (const [k, col] of Object.entries(COLUMNS) as Array<[keyof CaseRecord, string]>) {
      const v = r[col];
      if (v === null || v === undefined) out[k] = null;
      else if (TIME_FIELDS.has(k)) out[k] = this.db.sql.readTime(v).getTime();
      else if (NUMBER_FIELDS.has(k)) out[k] = Number(v);
      else if (k === 'confidential') out[k] = this.db.sql.readBool(v);
      else out[k] = v;
    }
    return out as unknown as CaseRecord;
  }

  async insert(trx: Kysely<any>, c: CaseRecord): Promise<void> {
    await trx.insertInto('cases_cases').values(this.toRow(c)).execute();
  }

  async get(id: string, trx: Kysely<any> = this.db.kysely, forUpdate = false): Promise<CaseRecord | null> {
    let q = trx.selectFrom('cases_cases').selectAll().where('id', '=', id);
    if (forUpdate && this.db.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? this.toRecord(r) : null;
  }

  async byNumber(number: string): Promise<CaseRecord | null> {
    const r = await this.db.kysely.selectFrom('cases_cases').selectAll().where('number', '=', number).executeTakeFirst();
    return r ? this.toRecord(r) : null;
  }

  async byAlarm(alarmId: string, trx: Kysely<any> = this.db.kysely): Promise<CaseRecord | null> {
    const r = await trx.selectFrom('cases_cases').selectAll().where('source_alarm_id', '=', alarmId).executeTakeFirst();
    return r ? this.toRecord(r) : null;
  }

  /** Writes a patch guarded by the version read (optimistic lock); false when somebody was faster. */
  async update(trx: Kysely<any>, id: string, version: number, patch: Partial<CaseRecord>): Promise<boolean> {
    const r = await trx
      .updateTable('cases_cases')
      .set({ ...this.toRow(patch), version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The next number of a day (`20261122` → 1, 2, …), inside the intake transaction. */
  async nextSequence(trx: Kysely<any>, day: string): Promise<number> {
    await trx
      .insertInto('cases_sequences')
      .values({ day, last: 0 })
      .onConflict((oc) => oc.column('day').doNothing())
      .execute();
    const r = await trx
      .updateTable('cases_sequences')
      .set({ last: sql`last + 1` })
      .where('day', '=', day)
      .returning('last')
      .executeTakeFirstOrThrow();
    return Number(r.last);
  }

  async insertTransition(trx: Kysely<any>, caseId: string, e: Omit<TimelineEntry, 'at'> & { at: number }): Promise<void> {
    await trx
      .insertInto('cases_transitions')
      .values({
        case_id: caseId,
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        at: new Date(e.at),
        by_actor: e.by,
        by_name: e.byName,
        comment: e.comment,
        detail: this.db.sql.writeJson(e.detail),
      })
      .execute();
  }

  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const rows = await this.db.kysely.selectFrom('cases_transitions').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
    return rows.map((r) => ({
      action: r.action,
      from: r.from_status ?? null,
      to: r.to_status,
      at: this.db.sql.readTime(r.at).toISOString(),
      by: r.by_actor,
      byName: r.by_name ?? null,
      comment: r.comment ?? null,
      detail: this.db.sql.readJson<Record<string, unknown>>(r.detail) ?? {},
    }));
  }

  async list(f: CaseFilter): Promise<{ rows: CaseRecord[]; total: number }> {
    let base = this.db.kysely.selectFrom('cases_cases');
    if (f.statuses?.length) base = base.where('status', 'in', f.statuses);
    if (f.departmentCode) base = base.where('department_code', '=', f.departmentCode);
    if (f.scopeDepartment) base = base.where('department_code', '=', f.scopeDepartment);
    if (f.gridCode) base = base.where('grid_code', '=', f.gridCode);
    if (f.categoryCode)
      base =
        f.categoryCode.length <= 2
          ? base.where('category_code', 'like', `${f.categoryCode}%`)
          : base.where('category_code', '=', f.categoryCode);
    if (f.channel) base = base.where('channel', '=', f.channel);
    if (f.card) base = base.where('card', '=', f.card);
    if (f.from) base = base.where('created_at', '>=', f.from);
    if (f.to) base = base.where('created_at', '<', f.to);
    if (f.q) {
      const q = f.q;
      base = base.where((eb) => eb.or([eb('number', '=', q), this.db.sql.contains('description', q), this.db.sql.contains('address', q)]));
    }
    const totalRow = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const col = f.sort === 'deadline' ? 'deadline_at' : 'created_at';
    let page = base.selectAll();
    if (f.after) {
      const key = new Date(f.after.key);
      const id = f.after.id;
      page =
        f.sort === 'deadline'
          ? page.where((eb) => eb.or([eb(col, '>', key), eb.and([eb(col, '=', key), eb('id', '>', id)])]))
          : page.where((eb) => eb.or([eb(col, '<', key), eb.and([eb(col, '=', key), eb('id', '<', id)])]));
    }
    page = f.sort === 'deadline' ? page.orderBy(col, 'asc').orderBy('id', 'asc') : page.orderBy(col, 'desc').orderBy('id', 'desc');
    const rows = await page.limit(f.limit).execute();
    return { rows: rows.map((r) => this.toRecord(r)), total: Number(totalRow?.n ?? 0) };
  }

  /** Open cases of a category created since `since` (duplicate candidates). */
  async recentOpen(categoryCode: string, since: number, statuses: readonly CaseStatus[], limit = 500): Promise<CaseRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('cases_cases')
      .selectAll()
      .where('category_code', '=', categoryCode)
      .where('created_at', '>=', new Date(since))
      .where('status', 'in', [...statuses])
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => this.toRecord(r));
  }

  /** Cases whose deadline clock runs (for the card sweep). */
  async clockRunning(statuses: readonly CaseStatus[], afterId: string, limit: number): Promise<CaseRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('cases_cases')
      .selectAll()
      .where('status', 'in', [...statuses])
      .where('merged_into', 'is', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => this.toRecord(r));
  }

  /** Cases merged into `id`. */
  async mergedInto(id: string, trx: Kysely<any> = this.db.kysely): Promise<CaseRecord[]> {
    const rows = await trx.selectFrom('cases_cases').selectAll().where('merged_into', '=', id).execute();
    return rows.map((r) => this.toRecord(r));
  }

  async insertNotification(
    trx: Kysely<any>,
    n: { id: string; caseId: string; channel: string; recipient: string | null; message: string; at: number },
  ): Promise<void> {
    await trx
      .insertInto('cases_notifications')
      .values({ id: n.id, case_id: n.caseId, channel: n.channel, recipient: n.recipient, message: n.message, created_at: new Date(n.at) })
      .execute();
  }

  async notifications(
    caseId: string,
  ): Promise<Array<{ id: string; channel: string; recipient: string | null; message: string; at: string }>> {
    const rows = await this.db.kysely
      .selectFrom('cases_notifications')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      recipient: r.recipient ?? null,
      message: r.message,
      at: this.db.sql.readTime(r.created_at).toISOString(),
    }));
  }

  /** (description, final category) of closed cases, newest first: the classifier's training data. */
  async closedSamples(limit: number): Promise<Array<{ text: string; label: string }>> {
    const rows = await this.db.kysely
      .selectFrom('cases_cases')
      .select(['description', 'category_code'])
      .where('status', 'in', ['closed', 'visited'])
      .where('outcome', 'in', ['fixed', 'not_fixed', 'answered'])
      .orderBy('closed_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ text: r.description as string, label: r.category_code as string }));
  }

  /** Earlier cases of the same caller phone (intake shows the history). */
  async byCallerPhone(phone: string, limit: number): Promise<CaseRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('cases_cases')
      .selectAll()
      .where('caller_phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => this.toRecord(r));
  }
}
