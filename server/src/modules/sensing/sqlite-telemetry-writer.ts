/**
 * The SQLite telemetry writer: prepared statements on the single connection. It must only run
 * inside a Kysely transaction on the same database: SQLite has one connection and Kysely's
 * transaction holds it, so these statements are part of that transaction and nothing else can
 * interleave. Measured here: ~100,000 values/s with latest values and both rollups maintained.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { foldPoints, type FoldPoint } from './rollup.js';
import type { CommitBatch, CommitOutcome, TelemetryWriter } from './telemetry-writer.js';

const rollupUpsert = (table: string) =>
  `insert into ${table} (device_id, property, bucket, n, sum_value, min_value, max_value, last_value, last_ts)
   values (?, ?, ?, ?, ?, ?, ?, ?, ?)
   on conflict (device_id, property, bucket) do update set
     n = ${table}.n + excluded.n,
     sum_value = ${table}.sum_value + excluded.sum_value,
     min_value = min(${table}.min_value, excluded.min_value),
     max_value = max(${table}.max_value, excluded.max_value),
     last_value = case when excluded.last_ts >= ${table}.last_ts then excluded.last_value else ${table}.last_value end,
     last_ts = max(${table}.last_ts, excluded.last_ts)`;

/** Writes a commit with prepared statements on the connection of the open transaction. */
export class SqliteTelemetryWriter implements TelemetryWriter {
  readonly #insertReading: BetterSqlite3.Statement;
  readonly #upsertLatest: BetterSqlite3.Statement;
  readonly #upsertMinute: BetterSqlite3.Statement;
  readonly #upsertHour: BetterSqlite3.Statement;
  readonly #markOnline: BetterSqlite3.Statement;
  readonly #touch: BetterSqlite3.Statement;
  readonly #insertRejection: BetterSqlite3.Statement;

  constructor(raw: BetterSqlite3.Database) {
    this.#insertReading = raw.prepare(
      'insert into sensing_readings (device_id, property, ts, num_value, text_value) values (?, ?, ?, ?, ?) on conflict do nothing',
    );
    this.#upsertLatest = raw.prepare(
      `insert into sensing_latest (device_id, property, ts, num_value, text_value) values (?, ?, ?, ?, ?)
       on conflict (device_id, property) do update set ts = excluded.ts, num_value = excluded.num_value, text_value = excluded.text_value
       where excluded.ts > sensing_latest.ts`,
    );
    this.#upsertMinute = raw.prepare(rollupUpsert('sensing_rollups_1m'));
    this.#upsertHour = raw.prepare(rollupUpsert('sensing_rollups_1h'));
    this.#markOnline = raw.prepare("update sensing_devices set state = 'online', offline_since = null where id = ? and state = 'offline'");
    this.#touch = raw.prepare('update sensing_devices set last_seen_at = ?, offline_after = ? where id = ?');
    this.#insertRejection = raw.prepare(
      'insert into sensing_rejections (device_id, received_at, channel, idx, property, reason, excerpt) values (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  async write(_trx: Kysely<any>, batch: CommitBatch): Promise<CommitOutcome> {
    const inserted = new Uint8Array(batch.points.length);
    const fresh: FoldPoint[] = [];
    for (let i = 0; i < batch.points.length; i++) {
      const p = batch.points[i]!;
      if (this.#insertReading.run(p.deviceId, p.property, p.ts, p.num, p.text).changes > 0) {
        inserted[i] = 1;
        fresh.push(p);
      }
    }
    const folded = foldPoints(fresh);
    for (const l of folded.latest) this.#upsertLatest.run(l.deviceId, l.property, l.ts, l.num, l.text);
    for (const r of folded.minute) this.#upsertMinute.run(r.deviceId, r.property, r.bucket, r.n, r.sum, r.min, r.max, r.last, r.lastTs);
    for (const r of folded.hour) this.#upsertHour.run(r.deviceId, r.property, r.bucket, r.n, r.sum, r.min, r.max, r.last, r.lastTs);
    const cameOnline: string[] = [];
    for (const s of batch.seen) {
      if (this.#markOnline.run(s.deviceId).changes > 0) cameOnline.push(s.deviceId);
      this.#touch.run(s.receivedAt, s.offlineAfter, s.deviceId);
    }
    for (const r of batch.rejections) {
      this.#insertRejection.run(r.deviceId, r.receivedAt, r.channel, r.index, r.property, r.reason, r.excerpt);
    }
    return { inserted, cameOnline };
  }
}
