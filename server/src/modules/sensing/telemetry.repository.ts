/**
 * Reads of stored telemetry (latest values, raw series, rollups, refusals, device events) and the bounded
 * deletes of the retention job. Every range query walks a primary key prefix
 * (device, property, ts | bucket), so it costs what it returns.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { RollupRow } from './rollup.js';
import type { DeviceEventView, StoredRejection } from './sensing-types.js';

/** A stored value. */
export interface StoredValue {
  property: string;
  ts: number;
  num: number | null;
  text: string | null;
}

/** Tables keyed (device, property, instant). */
export type SeriesTable = 'sensing_readings' | 'sensing_rollups_1m' | 'sensing_rollups_1h';

/** SQL of the telemetry tables. */
export class TelemetryRepository {
  constructor(private readonly db: Database) {}

  async latest(deviceId: string): Promise<StoredValue[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_latest')
      .select(['property', 'ts', 'num_value', 'text_value'])
      .where('device_id', '=', deviceId)
      .orderBy('property')
      .execute();
    return rows.map((r) => this.value(r));
  }

  /** Raw values in [from, to), oldest first, after `afterTs` when paging. */
  async raw(deviceId: string, property: string, from: number, to: number, limit: number): Promise<StoredValue[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_readings')
      .select(['property', 'ts', 'num_value', 'text_value'])
      .where('device_id', '=', deviceId)
      .where('property', '=', property)
      .where('ts', '>=', new Date(from))
      .where('ts', '<', new Date(to))
      .orderBy('ts')
      .limit(limit)
      .execute();
    return rows.map((r) => this.value(r));
  }

  /** Rollup rows of one series with buckets in [from, to). */
  async rollups(size: '1m' | '1h', deviceId: string, property: string, from: number, to: number): Promise<RollupRow[]> {
    const rows = await this.db.kysely
      .selectFrom(`sensing_rollups_${size}`)
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('property', '=', property)
      .where('bucket', '>=', new Date(from))
      .where('bucket', '<', new Date(to))
      .orderBy('bucket')
      .execute();
    const t = (v: unknown) => this.db.sql.readTime(v).getTime();
    return rows.map((r) => ({
      deviceId,
      property,
      bucket: t(r.bucket),
      n: Number(r.n),
      sum: Number(r.sum_value),
      min: Number(r.min_value),
      max: Number(r.max_value),
      last: Number(r.last_value),
      lastTs: t(r.last_ts),
    }));
  }

  /** Refusals of a device, newest first, below `beforeId` when paging. */
  async rejections(deviceId: string, limit: number, beforeId?: number): Promise<StoredRejection[]> {
    let q = this.db.kysely.selectFrom('sensing_rejections').selectAll().where('device_id', '=', deviceId);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: Number(r.id),
      receivedAt: this.db.sql.readTime(r.received_at).toISOString(),
      channel: r.channel,
      index: Number(r.idx),
      property: r.property ?? null,
      reason: r.reason,
      excerpt: r.excerpt ?? null,
    }));
  }

  /** Properties a device has data for (its type's may have changed, or it was deleted). */
  async storedProperties(deviceId: string): Promise<string[]> {
    const out = new Set<string>();
    for (const table of ['sensing_latest', 'sensing_rollups_1h']) {
      const rows = await this.db.kysely.selectFrom(table).select('property').distinct().where('device_id', '=', deviceId).execute();
      for (const r of rows) out.add(r.property);
    }
    return [...out];
  }

  /** Oldest instant of a series in a table keyed (device, property, `column`), or null when empty. */
  async oldest(table: SeriesTable, deviceId: string, property: string): Promise<number | null> {
    const column = table === 'sensing_readings' ? 'ts' : 'bucket';
    const row = await this.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.min(column).as('oldest'))
      .where('device_id', '=', deviceId)
      .where('property', '=', property)
      .executeTakeFirst();
    return row?.oldest === null || row?.oldest === undefined ? null : this.db.sql.readTime(row.oldest).getTime();
  }

  /** Deletes a series' rows in [from, to); returns how many. */
  async deleteRange(table: SeriesTable, deviceId: string, property: string, from: number, to: number): Promise<number> {
    const column = table === 'sensing_readings' ? 'ts' : 'bucket';
    const r = await this.db.kysely
      .deleteFrom(table)
      .where('device_id', '=', deviceId)
      .where('property', '=', property)
      .where(column, '>=', new Date(from))
      .where(column, '<', new Date(to))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Removes what is left of a deleted device once its series are gone, and its tombstone. */
  async finishPurge(deviceId: string): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      for (const table of ['sensing_latest', 'sensing_rejections', 'sensing_device_events']) {
        await trx.deleteFrom(table).where('device_id', '=', deviceId).execute();
      }
      await trx.deleteFrom('sensing_deleted_devices').where('device_id', '=', deviceId).execute();
    });
  }

  /** Tombstones of deleted devices. */
  async tombstones(limit: number): Promise<string[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_deleted_devices')
      .select('device_id')
      .orderBy('deleted_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.device_id);
  }

  /** Deletes up to `limit` refusals received before `before`; returns how many. */
  async deleteRejectionsBefore(before: number, limit: number): Promise<number> {
    const r = await this.db.kysely
      .deleteFrom('sensing_rejections')
      .where(
        'id',
        'in',
        this.db.kysely.selectFrom('sensing_rejections').select('id').where('received_at', '<', new Date(before)).limit(limit),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Stores a device event inside the caller's transaction. */
  async insertEvent(
    trx: Kysely<any>,
    e: { deviceId: string; ts: number; event: string; data: Record<string, unknown>; receivedAt: number },
  ): Promise<void> {
    await trx
      .insertInto('sensing_device_events')
      .values({
        device_id: e.deviceId,
        ts: new Date(e.ts),
        event: e.event,
        data: JSON.stringify(e.data),
        received_at: new Date(e.receivedAt),
      })
      .execute();
  }

  /** Events of a device with ts in [from, to), newest first. */
  async events(deviceId: string, from: number, to: number, limit: number): Promise<DeviceEventView[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_device_events')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('ts', '>=', new Date(from))
      .where('ts', '<', new Date(to))
      .orderBy('ts', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      event: r.event,
      ts: this.db.sql.readTime(r.ts).toISOString(),
      data: this.db.sql.readJson<Record<string, unknown>>(r.data),
      receivedAt: this.db.sql.readTime(r.received_at).toISOString(),
    }));
  }

  private value(r: Record<string, any>): StoredValue {
    return {
      property: r.property,
      ts: this.db.sql.readTime(r.ts).getTime(),
      num: r.num_value === null || r.num_value === undefined ? null : Number(r.num_value),
      text: r.text_value ?? null,
    };
  }
}
