import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { GENESIS_HASH } from '../kernel-migrations.js';

/** What a state change records. `actor` is a user id, `apikey:<id>`, `system` or `device:<id>`. */
export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** One stored record of the chain. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Return records with seq below this (newest first paging). */
  beforeSeq?: number;
}

/** Result of walking the chain. */
export interface AuditVerification {
  ok: boolean;
  records: number;
  /** First broken sequence number and why, when not ok. */
  brokenAt?: number;
  reason?: string;
}

/**
 * The append-only, hash-chained audit log. Each record's hash covers its content and the previous
 * hash, so editing or deleting any record breaks every hash after it; the head row pins the last
 * record so truncating the tail is caught too.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends a record inside the caller's transaction (so the change and its record commit together). */
  async record(trx: Kysely<any>, input: AuditInput): Promise<void> {
    let headQuery = trx.selectFrom('kernel_audit_head').select(['seq', 'hash']).where('id', '=', 1);
    // Serialise writers on PostgreSQL; SQLite transactions are serialised already.
    if (this.db.dialect === 'postgres') headQuery = headQuery.forUpdate();
    const head = await headQuery.executeTakeFirstOrThrow();
    const seq = Number(head.seq) + 1;
    const at = this.now();
    const detail = canonicalJson(input.detail ?? {});
    const hash = chainHash(head.hash as string, seq, at, input.actor, input.action, input.target, detail);
    await trx
      .insertInto('kernel_audit')
      .values({ seq, at: new Date(at), actor: input.actor, action: input.action, target: input.target, detail, prev_hash: head.hash, hash })
      .execute();
    await trx.updateTable('kernel_audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  }

  /** Records outside any other change (e.g. a cleartext read). */
  async recordNow(input: AuditInput): Promise<void> {
    await this.db.kysely.transaction().execute((trx) => this.record(trx, input));
  }

  /** Newest first. */
  async list(q: AuditQuery): Promise<AuditRecord[]> {
    let query = this.db.kysely.selectFrom('kernel_audit').selectAll().orderBy('seq', 'desc').limit(q.limit);
    if (q.actor) query = query.where('actor', '=', q.actor);
    if (q.action) query = query.where(sql<boolean>`action like ${q.action.replace(/\*/g, '%')}`);
    if (q.target) query = query.where('target', '=', q.target);
    if (q.from) query = query.where('at', '>=', q.from);
    if (q.to) query = query.where('at', '<', q.to);
    if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
    const rows = await query.execute();
    return rows.map((r) => this.toRecord(r));
  }

  /** Walks the whole chain in order and checks every link and the head. */
  async verify(): Promise<AuditVerification> {
    let prev = GENESIS_HASH;
    let expected = 1;
    let count = 0;
    const batch = 5000;
    for (;;) {
      const rows = await this.db.kysely
        .selectFrom('kernel_audit')
        .selectAll()
        .where('seq', '>=', expected)
        .orderBy('seq')
        .limit(batch)
        .execute();
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expected) return { ok: false, records: count, brokenAt: expected, reason: `record ${expected} is missing` };
        if (r.prev_hash !== prev)
          return { ok: false, records: count, brokenAt: seq, reason: `record ${seq} does not link to record ${seq - 1}` };
        const at = this.db.sql.readTime(r.at).getTime();
        const hash = chainHash(prev, seq, at, r.actor, r.action, r.target, r.detail);
        if (hash !== r.hash) return { ok: false, records: count, brokenAt: seq, reason: `record ${seq} was altered (hash mismatch)` };
        prev = hash;
        expected++;
        count++;
      }
      if (rows.length < batch) break;
    }
    const head = await this.db.kysely.selectFrom('kernel_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head) return { ok: false, records: count, reason: 'the chain head is missing' };
    if (Number(head.seq) !== count || head.hash !== prev) {
      return {
        ok: false,
        records: count,
        brokenAt: count + 1,
        reason: `the chain ends at record ${count} but the head says ${Number(head.seq)} (records deleted from the end?)`,
      };
    }
    return { ok: true, records: count };
  }

  private toRecord(r: Record<string, any>): AuditRecord {
    return {
      seq: Number(r.seq),
      at: this.db.sql.readTime(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      detail: JSON.parse(r.detail),
      prevHash: r.prev_hash,
      hash: r.hash,
    };
  }
}

function chainHash(prev: string, seq: number, at: number, actor: string, action: string, target: string, detail: string): string {
  return createHash('sha256').update([prev, seq, at, actor, action, target, detail].join('\n')).digest('hex');
}

/** JSON with sorted keys, so the same detail always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
