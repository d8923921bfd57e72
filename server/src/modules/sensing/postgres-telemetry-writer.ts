/**
 * The PostgreSQL telemetry writer: each table's rows travel as a handful of arrays expanded by
 * `unnest`, so a commit is a fixed number of statements whatever its size and never meets the
 * 65,535-parameter limit. Rows are upserted in key order, so two nodes committing overlapping
 * rollups lock them in the same order and cannot deadlock.
 */
import { sql, type Kysely } from 'kysely';
import type { ReadingPartitions } from './partitions.js';
import { foldPoints, type FoldPoint } from './rollup.js';
import type { CommitBatch, CommitOutcome, TelemetryWriter } from './telemetry-writer.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const keyOf = (deviceId: string, property: string, ts: number): string => `${deviceId}\u0000${property}\u0000${ts}`;

/** Writes a commit with one `unnest` statement per table. */
export class PostgresTelemetryWriter implements TelemetryWriter {
  /** `partitions` learns the days written, to create missing day partitions after the commit. */
  constructor(private readonly partitions: ReadingPartitions | null = null) {}

  async write(trx: Kysely<any>, batch: CommitBatch): Promise<CommitOutcome> {
    const inserted = new Uint8Array(batch.points.length);
    const fresh: FoldPoint[] = [];
    if (batch.points.length > 0) {
      const p = batch.points;
      // Rows of a day without its partition go to the default partition; it is split out soon.
      if (this.partitions) {
        let unknown: number[] | null = null;
        for (const x of p) if (!this.partitions.known(x.ts)) (unknown ??= []).push(x.ts);
        if (unknown) this.partitions.noteDays(unknown);
      }
      const rows = await sql<{ device_id: string; property: string; ts: Date }>`
        insert into ${sql.table('sensing_readings')} (device_id, property, ts, num_value, text_value)
        select * from unnest(${p.map((x) => x.deviceId)}::text[], ${p.map((x) => x.property)}::text[],
          ${p.map((x) => iso(x.ts))}::timestamptz[], ${p.map((x) => x.num)}::float8[], ${p.map((x) => x.text)}::text[])
        on conflict do nothing
        returning device_id, property, ts`.execute(trx);
      const isNew = new Set(rows.rows.map((r) => keyOf(r.device_id, r.property, new Date(r.ts).getTime())));
      for (let i = 0; i < p.length; i++) {
        const k = keyOf(p[i]!.deviceId, p[i]!.property, p[i]!.ts);
        // A key twice in one batch was inserted once: only its first occurrence is new.
        if (isNew.delete(k)) {
          inserted[i] = 1;
          fresh.push(p[i]!);
        }
      }
    }
    const folded = foldPoints(fresh);
    if (folded.latest.length > 0) {
      const l = folded.latest;
      await sql`
        insert into ${sql.table('sensing_latest')} as t (device_id, property, ts, num_value, text_value)
        select * from unnest(${l.map((x) => x.deviceId)}::text[], ${l.map((x) => x.property)}::text[],
          ${l.map((x) => iso(x.ts))}::timestamptz[], ${l.map((x) => x.num)}::float8[], ${l.map((x) => x.text)}::text[])
        on conflict (device_id, property) do update set ts = excluded.ts, num_value = excluded.num_value, text_value = excluded.text_value
        where excluded.ts > t.ts`.execute(trx);
    }
    for (const [table, rows] of [
      ['sensing_rollups_1m', folded.minute],
      ['sensing_rollups_1h', folded.hour],
    ] as const) {
      if (rows.length === 0) continue;
      await sql`
        insert into ${sql.table(table)} as t (device_id, property, bucket, n, sum_value, min_value, max_value, last_value, last_ts)
        select * from unnest(${rows.map((r) => r.deviceId)}::text[], ${rows.map((r) => r.property)}::text[],
          ${rows.map((r) => iso(r.bucket))}::timestamptz[], ${rows.map((r) => r.n)}::int8[], ${rows.map((r) => r.sum)}::float8[],
          ${rows.map((r) => r.min)}::float8[], ${rows.map((r) => r.max)}::float8[], ${rows.map((r) => r.last)}::float8[],
          ${rows.map((r) => iso(r.lastTs))}::timestamptz[])
        on conflict (device_id, property, bucket) do update set
          n = t.n + excluded.n,
          sum_value = t.sum_value + excluded.sum_value,
          min_value = least(t.min_value, excluded.min_value),
          max_value = greatest(t.max_value, excluded.max_value),
          last_value = case when excluded.last_ts >= t.last_ts then excluded.last_value else t.last_value end,
          last_ts = greatest(t.last_ts, excluded.last_ts)`.execute(trx);
    }
    const cameOnline: string[] = [];
    if (batch.seen.length > 0) {
      const s = [...batch.seen].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
      const ids = s.map((x) => x.deviceId);
      const flipped = await sql<{ id: string }>`
        update ${sql.table('sensing_devices')} set state = 'online', offline_since = null
        where id = any(${ids}::text[]) and state = 'offline' returning id`.execute(trx);
      cameOnline.push(...flipped.rows.map((r) => r.id));
      await sql`
        update ${sql.table('sensing_devices')} as d set last_seen_at = v.seen, offline_after = v.oa
        from unnest(${ids}::text[], ${s.map((x) => iso(x.receivedAt))}::timestamptz[], ${s.map((x) => iso(x.offlineAfter))}::timestamptz[])
          as v(id, seen, oa)
        where d.id = v.id`.execute(trx);
    }
    if (batch.rejections.length > 0) {
      const r = batch.rejections;
      await sql`
        insert into ${sql.table('sensing_rejections')} (device_id, received_at, channel, idx, property, reason, excerpt)
        select * from unnest(${r.map((x) => x.deviceId)}::text[], ${r.map((x) => iso(x.receivedAt))}::timestamptz[],
          ${r.map((x) => x.channel)}::text[], ${r.map((x) => x.index)}::int4[], ${r.map((x) => x.property)}::text[],
          ${r.map((x) => x.reason)}::text[], ${r.map((x) => x.excerpt)}::text[])`.execute(trx);
    }
    return { inserted, cameOnline };
  }
}
