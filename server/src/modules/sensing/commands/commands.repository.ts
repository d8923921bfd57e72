/**
 * The SQL of downlink commands, one Kysely code path for SQLite and PostgreSQL. State changes are
 * guarded by the states they may start from, so a late acknowledgement never overwrites a
 * timeout and two nodes expiring the same command change it once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import type { CommandParamValue, CommandStatus, CommandView } from './command-types.js';

type Executor = Kysely<any>;

/** A stored command. */
export interface CommandRecord {
  id: string;
  deviceId: string;
  deviceType: string;
  name: string;
  params: Record<string, CommandParamValue>;
  status: CommandStatus;
  createdBy: string;
  createdAt: Date;
  sentAt: Date | null;
  expiresAt: Date;
  completedAt: Date | null;
  result: Record<string, unknown> | null;
  message: string | null;
}

/** A guarded change of state. */
export interface CommandTransition {
  to: CommandStatus;
  from: readonly CommandStatus[];
  at: Date;
  sentAt?: Date;
  completedAt?: Date;
  result?: Record<string, unknown> | null;
  message?: string | null;
}

/** Queries of `sensing_commands`. */
export class CommandsRepository {
  constructor(private readonly db: Database) {}

  async insert(trx: Executor, c: CommandRecord): Promise<void> {
    await trx
      .insertInto('sensing_commands')
      .values({
        id: c.id,
        device_id: c.deviceId,
        device_type: c.deviceType,
        name: c.name,
        params: JSON.stringify(c.params),
        status: c.status,
        created_by: c.createdBy,
        created_at: c.createdAt,
        sent_at: c.sentAt,
        expires_at: c.expiresAt,
        completed_at: c.completedAt,
        result: c.result === null ? null : JSON.stringify(c.result),
        message: c.message,
      })
      .execute();
  }

  /** Changes the state of a command of a device if it is in one of `from`; returns whether it did. */
  async transition(trx: Executor, deviceId: string, id: string, t: CommandTransition): Promise<boolean> {
    const res = await trx
      .updateTable('sensing_commands')
      .set({
        status: t.to,
        ...(t.sentAt ? { sent_at: t.sentAt } : {}),
        ...(t.completedAt ? { completed_at: t.completedAt } : {}),
        ...(t.result !== undefined ? { result: t.result === null ? null : JSON.stringify(t.result) } : {}),
        ...(t.message !== undefined ? { message: t.message } : {}),
      })
      .where('id', '=', id)
      .where('device_id', '=', deviceId)
      .where('status', 'in', [...t.from])
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** One command of a device. */
  async find(deviceId: string, id: string, trx: Executor = this.db.kysely): Promise<CommandRecord | null> {
    const r = await trx
      .selectFrom('sensing_commands')
      .selectAll()
      .where('id', '=', id)
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return r ? this.toRecord(r) : null;
  }

  /** A device's commands, newest first, ids below `beforeId`. */
  async page(deviceId: string, opts: { limit: number; beforeId?: string; status?: CommandStatus }): Promise<CommandRecord[]> {
    let q = this.db.kysely.selectFrom('sensing_commands').selectAll().where('device_id', '=', deviceId);
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => this.toRecord(r));
  }

  /** Open commands whose deadline passed (oldest first, at most `limit`). */
  async overdue(now: Date, limit: number): Promise<CommandRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_commands')
      .selectAll()
      .where('status', 'in', ['pending', 'sent'])
      .where('expires_at', '<', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((r) => this.toRecord(r));
  }

  /** Number of commands per status. */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.kysely
      .selectFrom('sensing_commands')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status as string, Number(r.n)]));
  }

  toView(c: CommandRecord): CommandView {
    const iso = (d: Date | null) => (d === null ? null : d.toISOString());
    return {
      id: c.id,
      deviceId: c.deviceId,
      deviceType: c.deviceType,
      name: c.name,
      params: c.params,
      status: c.status,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
      sentAt: iso(c.sentAt),
      expiresAt: c.expiresAt.toISOString(),
      completedAt: iso(c.completedAt),
      result: c.result,
      message: c.message,
    };
  }

  private toRecord(r: Record<string, unknown>): CommandRecord {
    const s = this.db.sql;
    return {
      id: r.id as string,
      deviceId: r.device_id as string,
      deviceType: r.device_type as string,
      name: r.name as string,
      params: s.readJson<Record<string, CommandParamValue>>(r.params),
      status: r.status as CommandStatus,
      createdBy: r.created_by as string,
      createdAt: s.readTime(r.created_at),
      sentAt: s.readTimeOrNull(r.sent_at),
      expiresAt: s.readTime(r.expires_at),
      completedAt: s.readTimeOrNull(r.completed_at),
      result: r.result === null || r.result === undefined ? null : s.readJson<Record<string, unknown>>(r.result),
      message: (r.message as string | null) ?? null,
    };
  }
}
