/**
 * Raw readings on PostgreSQL in Asia/Shanghai day partitions: the maintenance job creates them
 * ahead, a device catching up with old timestamps is accepted and its day partition is created
 * on demand (the rows wait in the default partition meanwhile), retention deletes per type in
 * the boundary partition and drops whole partitions past the longest retention, and an existing
 * unpartitioned table migrates with its rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from '../../src/kernel/db/migrator.js';
import { migrationSources } from '../../src/main.js';
import { partitionDay, partitionName } from '../../src/modules/sensing/partitions.js';
import type { TestApp } from '../helpers/test-app.js';
import { warnOnce } from '../helpers/dialects.js';
import { openTestDatabase } from '../helpers/test-db.js';
import { call, createDevice, postReadings, startTinyCity, TestClock } from '../sensing/sensing-test-kit.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Partition (table name) of each raw reading of a device, oldest first. */
async function placement(db: Kysely<any>, deviceId: string): Promise<Array<{ part: string; ts: number }>> {
  const r = await sql<{ part: string; ts: Date }>`
    select c.relname as part, r.ts from ${sql.table('sensing_readings')} r
    join pg_class c on c.oid = r.tableoid where r.device_id = ${deviceId} order by r.ts`.execute(db);
  return r.rows.map((x) => ({ part: x.part, ts: new Date(x.ts).getTime() }));
}

async function partitions(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent join pg_namespace n on n.oid = p.relnamespace
    where n.nspname = 'sensing' and p.relname = 'readings' order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}

async function until(what: string, check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (!process.env.DATABASE_URL) {
  warnOnce('sensing-pg', 'SKIPPING sensing-pg: DATABASE_URL is not set (these tests are PostgreSQL only)');
} else {
  describe('partition names', () => {
    it('names a partition after its Asia/Shanghai day and reads the day back', () => {
      // 2026-06-01 00:30 in Beijing is still 2026-05-31 in UTC.
      const t = Date.parse('2026-06-01T00:30:00+08:00');
      const dayStart = Date.parse('2026-06-01T00:00:00+08:00');
      assert.equal(partitionName(dayStart), 'readings_p20260601');
      assert.equal(partitionDay('readings_p20260601'), dayStart);
      assert.ok(t - dayStart < DAY);
      assert.equal(partitionDay('readings_default'), null);
    });
  });

  describe('sensing day partitions (postgres)', () => {
    let t: TestApp;
    const T0 = Date.parse('2026-06-01T08:00:00+08:00');
    const clock = new TestClock(T0);
    const db = () => t.platform.db.kysely;
    before(async () => {
      t = await startTinyCity('postgres', { now: clock.now });
      const type = await call(t, 'POST', '/sensing/device-types', {
        code: 'ShortLived',
        name: '短期保存',
        retentionDays: 2,
        properties: [{ name: 'v', title: '值', unit: '', type: 'number' }],
      });
      assert.equal(type.status, 201, type.raw);
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.partitions'));
    });
    after(() => t?.close());

    it('creates partitions from yesterday to a week ahead', async () => {
      const names = await partitions(db());
      for (const day of ['20260531', '20260601', '20260602', '20260608']) assert.ok(names.includes(`readings_p${day}`), day);
      assert.ok(names.includes('readings_default'));
    });

    it('accepts a device catching up with old readings and moves them into their own day partition', async () => {
      const a = await createDevice(t, { id: 'pg-a', type: 'AirQualityObserved' });
      const late = T0 - 10 * DAY;
      const r = await postReadings(t, a.id, a.token, [
        { ts: late, values: { pm25: 40 } },
        { ts: T0, values: { pm25: 41 } },
      ]);
      assert.equal(r.body.accepted, 2, JSON.stringify(r.body));
      await until('the on-demand partition of 2026-05-22', async () => {
        const p = await placement(db(), a.id);
        return p.length === 2 && p[0]!.part === 'readings_p20260522';
      });
      assert.deepEqual(await placement(db(), a.id), [
        { part: 'readings_p20260522', ts: late },
        { part: 'readings_p20260601', ts: T0 },
      ]);
      // The raw series still reads both.
      const series = await call(t, 'GET', `/sensing/devices/${a.id}/telemetry?property=pm25&from=${new Date(late - HOUR).toISOString()}`);
      assert.equal(series.status, 200, series.raw);
      assert.equal(JSON.stringify(series.body).includes('40'), true);
    });

    it('splits whatever sits in the default partition into day partitions', async () => {
      // A row put in the default partition by hand (as if the on-demand creation had failed).
      const day = Date.parse('2026-05-25T12:00:00+08:00');
      await sql`insert into ${sql.id('sensing', 'readings_default')} (device_id, property, ts, num_value)
        values ('pg-a', 'pm25', ${new Date(day).toISOString()}::timestamptz, 7)`.execute(db());
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.partitions'));
      const p = await placement(db(), 'pg-a');
      assert.deepEqual(
        p.map((x) => x.part),
        ['readings_p20260522', 'readings_p20260525', 'readings_p20260601'],
      );
      const left = await sql<{ n: number }>`select count(*)::int as n from ${sql.id('sensing', 'readings_default')}`.execute(db());
      assert.equal(left.rows[0]!.n, 0);
    });

    it('deletes per type in the boundary partition, then drops whole partitions past the longest retention', async () => {
      const s = await createDevice(t, { id: 'pg-s', type: 'ShortLived' });
      const r = await postReadings(t, s.id, s.token, [
        { ts: T0 - DAY, values: { v: 1 } },
        { ts: T0 - HOUR, values: { v: 2 } },
        { ts: T0, values: { v: 3 } },
      ]);
      assert.equal(r.body.accepted, 3, JSON.stringify(r.body));
      // ShortLived keeps 2 days: at T0 + 1.5 d its cutoff is 2026-05-31 20:00+08.
      clock.advance(1.5 * DAY);
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.retention'));
      assert.deepEqual(
        (await placement(db(), s.id)).map((x) => x.ts),
        [T0 - HOUR, T0],
      );
      assert.equal((await placement(db(), 'pg-a')).length, 3, 'the 400-day type keeps everything');
      assert.ok((await partitions(db())).includes('readings_p20260522'));
      // 400 days on, every partition up to 2026-06-01 is past the longest retention.
      clock.advance(400 * DAY);
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.retention'));
      const names = await partitions(db());
      for (const day of ['20260522', '20260525', '20260531', '20260601']) assert.ok(!names.includes(`readings_p${day}`), day);
      assert.ok(names.includes('readings_default'));
      assert.deepEqual(await placement(db(), 'pg-a'), []);
      assert.deepEqual(await placement(db(), s.id), []);
      // Latest values are not raw readings: they stay.
      const latest = await call(t, 'GET', `/sensing/devices/pg-a/latest`);
      assert.equal(latest.body.values.pm25.value, 41);
    });
  });

  describe('migrating an unpartitioned readings table (postgres)', () => {
    it('moves existing rows into day partitions', async () => {
      const all = migrationSources();
      const cut = '20261122_0390_sensing_readings_by_day';
      const before = all.map((s) => ({
        name: s.name,
        migrations: Object.fromEntries(Object.entries(s.migrations).filter(([name]) => name < cut)),
      }));
      const tdb = await openTestDatabase('postgres', before);
      try {
        const k = tdb.db.kysely;
        const a = Date.parse('2026-03-01T23:30:00+08:00');
        const b = Date.parse('2026-03-02T00:30:00+08:00');
        await sql`insert into ${sql.table('sensing_readings')} (device_id, property, ts, num_value, text_value)
          values ('old', 'v', ${new Date(a).toISOString()}::timestamptz, 1, null),
                 ('old', 'v', ${new Date(b).toISOString()}::timestamptz, 2, null),
                 ('old', 's', ${new Date(b).toISOString()}::timestamptz, null, 'x')`.execute(k);
        await migrateToLatest(tdb.db, all);
        assert.deepEqual(await placement(k, 'old'), [
          { part: 'readings_p20260301', ts: a },
          { part: 'readings_p20260302', ts: b },
          { part: 'readings_p20260302', ts: b },
        ]);
        const kind = await sql<{ kind: string }>`
          select c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'sensing' and c.relname = 'readings'`.execute(k);
        assert.equal(kind.rows[0]!.kind, 'p');
        // The primary key still makes a re-sent reading a no-op.
        const dup = await sql`insert into ${sql.table('sensing_readings')} (device_id, property, ts, num_value)
          values ('old', 'v', ${new Date(a).toISOString()}::timestamptz, 9) on conflict do nothing`.execute(k);
        assert.equal(Number(dup.numAffectedRows), 0);
      } finally {
        await tdb.close();
      }
    });
  });
}
