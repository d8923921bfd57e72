/**
 * Day partitions of raw readings on PostgreSQL (DESIGN "Storage": raw readings partitioned by day,
 * retention drops whole partitions). `sensing.readings` is partitioned by range on `ts`, one
 * partition per Asia/Shanghai day (`readings_p20261122` holds [00:00+08, next 00:00+08)), plus
 * `readings_default`, the safety net that takes any reading whose day has no partition yet: the
 * ingest path never waits for DDL and never refuses a device catching up with old timestamps.
 *
 * A leased job creates partitions ahead and moves whatever landed in the default partition into
 * its day's partition; the writer asks for a day's partition as soon as it sees a day it does not
 * know (late or early readings), outside its commit. Splitting a day out of the default partition
 * holds commits back for the few milliseconds it takes (see {@link ensureDayPartition}).
 *
 * SQLite keeps one table: it serves a district, and its retention deletes in bounded batches.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../kernel/db/database.js';
import { DAY_MS, shanghaiDayStart } from './rollup.js';

/** Days created ahead of today by the maintenance job. */
export const PARTITION_DAYS_AHEAD = 7;
/** How often the maintenance job runs. */
export const PARTITION_INTERVAL_MS = 60 * 60_000;

const SCHEMA = 'sensing';
const PARENT = 'readings';
const DEFAULT_PARTITION = 'readings_default';
const NAME = /^readings_p(\d{4})(\d{2})(\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Partition table name of the Asia/Shanghai day starting at `dayStart` (`readings_p20261122`). */
export function partitionName(dayStart: number): string {
  const d = new Date(dayStart + SHANGHAI_OFFSET_MS).toISOString();
  return `readings_p${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;
}

/** Day start (epoch ms) of a partition name, or null for anything else (the default partition). */
export function partitionDay(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - SHANGHAI_OFFSET_MS;
}

const table = (name: string) => sql.id(SCHEMA, name);
const iso = (ms: number) => new Date(ms).toISOString();

/** Creates the partitioned parent and its default partition (used by the migration). */
export async function createPartitionedReadings(db: Kysely<any>): Promise<void> {
  await sql`
    create table ${table(PARENT)} (
      device_id text not null,
      property text not null,
      ts timestamptz not null,
      num_value double precision,
      text_value text,
      constraint readings_pk primary key (device_id, property, ts)
    ) partition by range (ts)`.execute(db);
  await sql`create table ${table(DEFAULT_PARTITION)} partition of ${table(PARENT)} default`.execute(db);
}

/** Day partitions that exist, as day starts, oldest first. */
export async function listPartitionDays(db: Kysely<any>): Promise<number[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    join pg_namespace n on n.oid = p.relnamespace
    where n.nspname = ${SCHEMA} and p.relname = ${PARENT}`.execute(db);
  const days: number[] = [];
  for (const r of rows.rows) {
    const day = partitionDay(r.name);
    if (day !== null) days.push(day);
  }
  return days.sort((a, b) => a - b);
}

/** Days (starts) that have rows in the default partition. */
export async function daysInDefault(db: Kysely<any>): Promise<number[]> {
  const rows = await sql<{ day: Date }>`
    select distinct date_trunc('day', ts at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' as day
    from ${table(DEFAULT_PARTITION)}`.execute(db);
  return rows.rows.map((r) => new Date(r.day).getTime()).sort((a, b) => a - b);
}

/**
 * Makes sure the day starting at `dayStart` has its own partition, moving its rows out of the
 * default partition; returns whether it created one. Runs in its own transaction (or the
 * caller's, in the migration). Safe when several nodes race: the default partition's lock
 * serializes them and the loser finds the partition there.
 */
export async function ensureDayPartition(db: Kysely<any>, dayStart: number, inTransaction = false): Promise<boolean> {
  const work = async (trx: Kysely<any>): Promise<boolean> => {
    const name = partitionName(dayStart);
    const from = iso(dayStart);
    const to = iso(dayStart + DAY_MS);
    // Everything on the readings waits the few milliseconds this takes, and replans after it:
    // a commit routing a row to the default partition while the day is attached would fail its
    // partition check, and a query planned before the attach would miss the moved rows. Taken
    // first, as every statement takes the parent before its partitions: no deadlock.
    await sql`lock table ${table(PARENT)} in access exclusive mode`.execute(trx);
    await sql`lock table ${table(DEFAULT_PARTITION)} in access exclusive mode`.execute(trx);
    const exists = await sql<{ oid: unknown }>`select to_regclass(${`${SCHEMA}.${name}`}) as oid`.execute(trx);
    if (exists.rows[0]?.oid) return false;
    await sql`create table ${table(name)} (like ${table(PARENT)} including defaults including constraints)`.execute(trx);
    await sql`
      with moved as (
        delete from ${table(DEFAULT_PARTITION)} where ts >= ${from}::timestamptz and ts < ${to}::timestamptz returning *
      )
      insert into ${table(name)} select * from moved`.execute(trx);
    // The bounds are a CHECK the attach can trust instead of scanning the new table again.
    await sql`alter table ${table(name)} add constraint ${sql.id(`${name}_bounds`)}
      check (ts >= ${sql.lit(from)}::timestamptz and ts < ${sql.lit(to)}::timestamptz)`.execute(trx);
    await sql`alter table ${table(PARENT)} attach partition ${table(name)}
      for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(trx);
    await sql`alter table ${table(name)} drop constraint ${sql.id(`${name}_bounds`)}`.execute(trx);
    return true;
  };
  return inTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Keeps the day partitions of raw readings: ahead of time, on demand for days the writer meets,
 * out of the default partition, and dropped whole once past the longest retention.
 */
export class ReadingPartitions {
  readonly #known = new Set<number>();
  readonly #requested = new Set<number>();
  #pending: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Whether the day of `ts` is known to have its partition (no database round trip). */
  known(ts: number): boolean {
    return this.#known.has(shanghaiDayStart(ts));
  }

  /**
   * Notes the days of a commit's instants; days without a known partition are created soon,
   * after the commit and outside it (their rows wait in the default partition meanwhile).
   */
  noteDays(instants: Iterable<number>): void {
    let added = false;
    for (const ts of instants) {
      const day = shanghaiDayStart(ts);
      if (this.#known.has(day) || this.#requested.has(day)) continue;
      this.#requested.add(day);
      added = true;
    }
    if (added && !this.#pending) {
      this.#pending = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.#createRequested())
        .catch((e) => this.logger.warn({ err: e }, 'creating reading partitions failed; the maintenance job retries'))
        .finally(() => {
          this.#pending = null;
          if (this.#requested.size > 0) this.noteDays([]);
        });
    }
  }

  /** Resolves once on-demand creations under way are done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending) await this.#pending;
  }

  /** Loads the partitions that exist (start). */
  async load(): Promise<void> {
    for (const day of await listPartitionDays(this.db.kysely)) this.#known.add(day);
  }

  /**
   * The maintenance job: partitions from yesterday to {@link PARTITION_DAYS_AHEAD} days ahead,
   * and one for every day found in the default partition. Returns how many were created.
   */
  async maintain(): Promise<number> {
    await this.load();
    const today = shanghaiDayStart(this.now());
    const days = new Set<number>();
    for (let i = -1; i <= PARTITION_DAYS_AHEAD; i++) days.add(today + i * DAY_MS);
    for (const day of await daysInDefault(this.db.kysely)) days.add(day);
    let created = 0;
    for (const day of [...days].sort((a, b) => a - b)) {
      if (this.#known.has(day)) continue;
      if (await ensureDayPartition(this.db.kysely, day)) created++;
      this.#known.add(day);
      this.#requested.delete(day);
    }
    if (created > 0) this.logger.info({ created }, 'reading partitions created');
    return created;
  }

  /** Drops the day partitions that end at or before `cutoff`; returns their days. */
  async dropBefore(cutoff: number): Promise<number[]> {
    const dropped: number[] = [];
    for (const day of await listPartitionDays(this.db.kysely)) {
      if (day + DAY_MS > cutoff) break;
      await sql`drop table if exists ${table(partitionName(day))}`.execute(this.db.kysely);
      this.#known.delete(day);
      dropped.push(day);
    }
    if (dropped.length > 0) this.logger.info({ partitions: dropped.length }, 'reading partitions past retention dropped');
    return dropped;
  }

  /**
   * Deletes the raw readings of `deviceIds` before `cutoff`, one statement per partition that
   * can hold such rows (and the default partition), 1,000 devices at a time; returns rows deleted.
   */
  async deleteBefore(deviceIds: readonly string[], cutoff: number): Promise<number> {
    // Through the parent table: PostgreSQL prunes to the partitions before the cutoff, including
    // one created (and filled from the default partition) after this run began, which a list of
    // partitions taken up front would miss.
    let deleted = 0;
    for (let i = 0; i < deviceIds.length; i += 1_000) {
      const r = await sql`delete from ${table('readings')}
        where device_id = any(${deviceIds.slice(i, i + 1_000)}::text[]) and ts < ${iso(cutoff)}::timestamptz`.execute(this.db.kysely);
      deleted += Number(r.numAffectedRows ?? 0);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return deleted;
  }

  async #createRequested(): Promise<void> {
    for (const day of [...this.#requested].sort((a, b) => a - b)) {
      await ensureDayPartition(this.db.kysely, day);
      this.#known.add(day);
      this.#requested.delete(day);
    }
  }
}
