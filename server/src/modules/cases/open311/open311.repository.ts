/** SQL of the Open311 surface: its annex rows, and case reads with Open311's filters. */
import type { Database } from '../../../kernel/db/database.js';
import type { CaseRecord } from '../case-types.js';
import type { CasesRepository } from '../cases.repository.js';
import type { CaseStatus } from '../workflow.js';

/** What Open311 stored beside a case. */
export interface Open311Annex {
  caseId: string;
  mediaUrl: string | null;
  accountId: string | null;
}

/** A validated `GET requests` filter. */
export interface Open311Filter {
  numbers?: string[];
  categoryCodes: string[];
  statuses?: readonly CaseStatus[];
  from?: Date;
  to?: Date;
  limit: number;
}

/** One public timeline row. */
export interface NoteRow {
  caseId: string;
  action: string;
  comment: string | null;
  detail: Record<string, unknown>;
}

export class Open311Repository {
  constructor(
    private readonly db: Database,
    private readonly cases: CasesRepository,
  ) {}

  async insertAnnex(a: Open311Annex & { deviceId: string | null; apiKeyId: string; at: number }): Promise<void> {
    await this.db.kysely
      .insertInto('cases_open311_requests')
      .values({
        case_id: a.caseId,
        media_url: a.mediaUrl,
        account_id: a.accountId,
        device_id: a.deviceId,
        api_key_id: a.apiKeyId,
        created_at: new Date(a.at),
      })
      .execute();
  }

  async annexes(caseIds: string[]): Promise<Map<string, Open311Annex>> {
    if (!caseIds.length) return new Map();
    const rows = await this.db.kysely
      .selectFrom('cases_open311_requests')
      .select(['case_id', 'media_url', 'account_id'])
      .where('case_id', 'in', caseIds)
      .execute();
    return new Map(
      rows.map((r) => [r.case_id as string, { caseId: r.case_id, mediaUrl: r.media_url ?? null, accountId: r.account_id ?? null }]),
    );
  }

  /**
   * Public cases (not confidential, of the listed categories) matching the filter, newest first.
   * Case numbers, when given, override the other filters (the spec's `service_request_id`).
   */
  async list(f: Open311Filter): Promise<CaseRecord[]> {
    if (!f.categoryCodes.length) return [];
    let q = this.db.kysely
      .selectFrom('cases_cases')
      .selectAll()
      .where('category_code', 'in', f.categoryCodes)
      .where('confidential', '=', this.db.dialect === 'postgres' ? false : 0);
    if (f.numbers) q = q.where('number', 'in', f.numbers);
    else {
      if (f.statuses) q = q.where('status', 'in', [...f.statuses]);
      if (f.from) q = q.where('created_at', '>=', f.from);
      if (f.to) q = q.where('created_at', '<=', f.to);
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map((r) => this.cases.toRecord(r));
  }

  /** Timeline rows of some cases with one of `actions`, oldest first. */
  async notes(caseIds: string[], actions: readonly string[]): Promise<NoteRow[]> {
    if (!caseIds.length) return [];
    const rows = await this.db.kysely
      .selectFrom('cases_transitions')
      .select(['case_id', 'action', 'comment', 'detail'])
      .where('case_id', 'in', caseIds)
      .where('action', 'in', [...actions])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      caseId: r.case_id,
      action: r.action,
      comment: r.comment ?? null,
      detail: this.db.sql.readJson<Record<string, unknown>>(r.detail) ?? {},
    }));
  }
}
