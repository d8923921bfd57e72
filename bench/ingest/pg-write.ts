/**
 * How raw readings are best written on PostgreSQL, measured on the platform's table shape (a
 * table partitioned by Asia/Shanghai day with the (device, property, ts) primary key), in
 * batches of a group commit's size, one transaction each:
 *
 *  - `copy`: COPY … FROM STDIN straight into the table: the raw rate of the database, the
 *    baseline. It cannot skip a reading that is already stored (a QoS 1 redelivery), so the
 *    platform cannot use it alone: one duplicate fails the whole commit.
 *  - `unnest`: the writer's statement: `insert … select * from unnest($arrays) on conflict do
 *    nothing returning …` (which rows were new decides what goes into rollups).
 *  - `copy+insert`: COPY into a temporary staging table, then the same `insert … select … on
 *    conflict do nothing returning …` from it.
 *
 * Usable alone (`DATABASE_URL=… npx tsx bench/ingest/pg-write.ts`) and from bench/ingest.
 */
import postgres from 'postgres';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/** Rows/s of each way for one batch size. */
export interface PgWriteResult {
  batch: number;
  copy: number;
  unnest: number;
  copyInsert: number;
}

/** A fresh database next to the one `url` names; returns its URL and how to drop it. */
export async function freshDatabase(url: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function createTable(sql: postgres.Sql, name: string, firstDay: number, days: number): Promise<void> {
  await sql.unsafe(`drop table if exists ${name} cascade`);
  await sql.unsafe(`create table ${name} (device_id text not null, property text not null, ts timestamptz not null,
    num_value double precision, text_value text, primary key (device_id, property, ts)) partition by range (ts)`);
  await sql.unsafe(`create table ${name}_default partition of ${name} default`);
  for (let d = 0; d < days; d++) {
    const from = new Date(firstDay + d * DAY).toISOString();
    const to = new Date(firstDay + (d + 1) * DAY).toISOString();
    await sql.unsafe(`create table ${name}_p${d} partition of ${name} for values from ('${from}') to ('${to}')`);
  }
}

/** Batches of readings like the ingest bench sends: many devices, 3 properties, advancing time. */
function* batches(total: number, size: number, start: number): Generator<Array<[string, string, string, number]>> {
  const props = ['pm25', 'pm10', 'o3'];
  let n = 0;
  while (n < total) {
    const rows: Array<[string, string, string, number]> = [];
    for (let i = 0; i < size && n < total; i++, n++) {
      const reading = Math.floor(n / 3);
      const device = `bench-${String(reading % 500).padStart(4, '0')}`;
      const ts = new Date(start + Math.floor(reading / 500) * 1000).toISOString();
      rows.push([device, props[n % 3]!, ts, (n * 7) % 500]);
    }
    yield rows;
  }
}

const toCopyText = (rows: Array<[string, string, string, number]>): string =>
  rows.map((r) => `${r[0]}\t${r[1]}\t${r[2]}\t${r[3]}\t\\N\n`).join('');

async function copyRows(tx: postgres.TransactionSql, table: string, rows: Array<[string, string, string, number]>): Promise<void> {
  const stream = await tx.unsafe(`copy ${table} (device_id, property, ts, num_value, text_value) from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(toCopyText(rows));
  });
}

/** Measures the three ways for each batch size; `total` rows per way and size. */
export async function measurePgWrite(url: string, total: number, sizes: number[]): Promise<PgWriteResult[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const out: PgWriteResult[] = [];
  const day0 = Math.floor((Date.now() + SHANGHAI) / DAY) * DAY - SHANGHAI;
  try {
    for (const size of sizes) {
      const days = Math.ceil(total / 3 / 500 / 86_400) + 1;
      const rate = async (
        name: string,
        write: (tx: postgres.TransactionSql, rows: Array<[string, string, string, number]>) => Promise<void>,
      ) => {
        await createTable(sql, name, day0, days);
        const t0 = performance.now();
        for (const rows of batches(total, size, day0)) await sql.begin((tx) => write(tx, rows));
        const r = total / ((performance.now() - t0) / 1000);
        await sql.unsafe(`drop table ${name} cascade`);
        return r;
      };
      const copy = await rate('bench_copy', (tx, rows) => copyRows(tx, 'bench_copy', rows));
      const unnest = await rate('bench_unnest', async (tx, rows) => {
        await tx.unsafe(
          `insert into bench_unnest (device_id, property, ts, num_value, text_value)
           select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::text[])
           on conflict do nothing returning device_id, property, ts`,
          [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map(() => null)] as never[],
        );
      });
      const copyInsert = await rate('bench_staged', async (tx, rows) => {
        await tx.unsafe(`create temporary table if not exists bench_stage (device_id text, property text, ts timestamptz,
          num_value double precision, text_value text) on commit delete rows`);
        await copyRows(tx, 'bench_stage', rows);
        await tx.unsafe(`insert into bench_staged select * from bench_stage on conflict do nothing returning device_id, property, ts`);
      });
      out.push({ batch: size, copy, unnest, copyInsert });
    }
  } finally {
    await sql.end();
  }
  return out;
}

/** Prints one line per batch size. */
export function printPgWrite(results: PgWriteResult[]): void {
  for (const r of results) {
    console.log(
      `pg write, batch ${r.batch}: COPY (raw, no duplicate handling) ${Math.round(r.copy)} rows/s; ` +
        `unnest insert on conflict ${Math.round(r.unnest)} rows/s (${(r.unnest / r.copy).toFixed(2)} × COPY); ` +
        `COPY to staging + insert on conflict ${Math.round(r.copyInsert)} rows/s (${(r.copyInsert / r.copy).toFixed(2)} × COPY)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error('set DATABASE_URL (a PostgreSQL database the bench may create databases next to)');
    process.exit(2);
  }
  const db = await freshDatabase(base, 'zc_bench_write');
  try {
    printPgWrite(await measurePgWrite(db.url, Number(process.env.BENCH_ROWS ?? 300_000), [1_000, 5_000, 20_000]));
  } finally {
    await db.drop();
  }
}
