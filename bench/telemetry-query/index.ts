/**
 * Bucketed telemetry queries over 30 days of 1,000 devices, on SQLite and (with DATABASE_URL) on
 * PostgreSQL, each against the same question written by hand in SQL over the raw readings in
 * the same run:
 *
 *  - one device, hourly average over 7 days: the platform's API
 *    (`GET /sensing/devices/{id}/telemetry?bucket=1h&agg=avg`, answered from hourly rollups) vs a
 *    hand-written `group by hour` over the raw readings;
 *  - one type in one district, daily (Asia/Shanghai) average over 30 days across ~500 devices:
 *    the platform has no cross-device series endpoint yet, so this compares its storage path (a
 *    hand-written query over the hourly rollups it maintains) with the same over raw readings.
 *
 * Data is generated through the platform's own ingestion path (`SensingService.ingest`, group
 * commit, rollups maintained as it goes), one reading of pm25 per device every
 * BENCH_INTERVAL_MIN minutes. Each pair of answers is checked to agree before timing.
 *
 *   npx tsx bench/telemetry-query/index.ts   (BENCH_DEVICES=1000 BENCH_DAYS=30 BENCH_INTERVAL_MIN=30 BENCH_REPEAT=40)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../server/src/kernel/config/config.js';
import { startPlatform, type Platform } from '../../server/src/main.js';
import { freshDatabase } from '../ingest/pg-write.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const INTERVAL_MIN = Number(process.env.BENCH_INTERVAL_MIN ?? 30);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 40);
const PASSWORD = 'Bench-Admin-2026!';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;

type Dialect = 'sqlite' | 'postgres';

/** Two districts side by side, each one street, community and grid. */
function city() {
  const sq = (x0: number, x1: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [x0, 29.1],
        [x1, 29.1],
        [x1, 29.12],
        [x0, 29.12],
        [x0, 29.1],
      ],
    ],
  });
  const areas: Array<{
    code: string;
    name: string;
    level: 'city' | 'district' | 'street' | 'community' | 'grid';
    parentCode: string | null;
    geometry: ReturnType<typeof sq>;
  }> = [{ code: '330799', name: '基准市', level: 'city', parentCode: null, geometry: sq(119.6, 119.64) }];
  for (const [i, x0] of [
    [1, 119.6],
    [2, 119.62],
  ] as const) {
    const d = `33079${i}`;
    areas.push(
      { code: d, name: `基准${i}区`, level: 'district', parentCode: '330799', geometry: sq(x0, x0 + 0.02) },
      { code: `${d}001`, name: `基准${i}街道`, level: 'street', parentCode: d, geometry: sq(x0, x0 + 0.02) },
      { code: `${d}001001`, name: `基准${i}社区`, level: 'community', parentCode: `${d}001`, geometry: sq(x0, x0 + 0.02) },
      { code: `${d}001001001`, name: `基准${i}网格`, level: 'grid', parentCode: `${d}001001`, geometry: sq(x0, x0 + 0.02) },
    );
  }
  return { areas, roads: [], addresses: [] };
}

const deviceId = (i: number) => `q-${String(i).padStart(4, '0')}`;
/** Even devices in district 1, odd ones in district 2; every fourth is a noise meter, the rest air quality. */
const typeOf = (i: number) => (i % 4 === 3 ? 'NoiseLevelObserved' : 'AirQualityObserved');
const valueAt = (i: number, ts: number) => Math.round((50 + 30 * Math.sin(ts / (6 * HOUR) + i) + (i % 17)) * 10) / 10;

async function start(dialect: Dialect): Promise<{ platform: Platform; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-bench-query-'));
  const pg = dialect === 'postgres' ? await freshDatabase(process.env.DATABASE_URL!, 'zc_bench_query') : null;
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      DATA_DIR: dataDir,
      ZC_DEMO: '0',
      ZC_SIMULATE: '0',
      ZC_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    },
    dataDir,
    false,
  );
  const platform = await startPlatform(config, { listen: false });
  return {
    platform,
    async cleanup() {
      await platform.stop();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Loads the devices and DAYS of readings through the ingestion path; returns the time range. */
async function load(platform: Platform): Promise<{ from: number; to: number; seconds: number; points: number }> {
  await platform.services.geo.loadDemo(city());
  await platform.services.sensing.loadDemo(
    Array.from({ length: DEVICES }, (_, i) => ({
      id: deviceId(i),
      type: typeOf(i),
      name: `基准设备${i}`,
      location: { lon: (i % 2 === 0 ? 119.601 : 119.621) + (i % 100) * 0.0001, lat: 29.101 + Math.floor(i / 200) * 0.001 },
      reportingIntervalSeconds: INTERVAL_MIN * 60,
    })),
  );
  const to = Math.floor(Date.now() / HOUR) * HOUR;
  const from = to - DAYS * DAY;
  const step = INTERVAL_MIN * 60_000;
  const perDay = Math.round(DAY / step);
  const t0 = performance.now();
  let points = 0;
  for (let day = 0; day < DAYS; day++) {
    // One call per device and day (a device catching up): the group commit merges concurrent calls.
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < DEVICES; i++) {
      const prop = typeOf(i) === 'AirQualityObserved' ? 'pm25' : 'laeq';
      const readings = Array.from({ length: perDay }, (_, k) => {
        const ts = from + day * DAY + k * step;
        return { ts, values: { [prop]: prop === 'laeq' ? 40 + (valueAt(i, ts) % 60) : valueAt(i, ts) } };
      });
      points += readings.length;
      calls.push(
        platform.services.sensing.ingest(deviceId(i), readings, { channel: 'http' }).then((r) => {
          if (r.rejected.length) throw new Error(`refused: ${JSON.stringify(r.rejected[0])}`);
        }),
      );
    }
    await Promise.all(calls);
  }
  return { from, to, seconds: (performance.now() - t0) / 1000, points };
}

async function time<T>(n: number, fn: (i: number) => Promise<T>): Promise<number> {
  await fn(0); // warm-up (plans, caches)
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (performance.now() - t0) / n;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 0.051 + Math.abs(b) * 1e-6;

async function run(dialect: Dialect): Promise<void> {
  const { platform, cleanup } = await start(dialect);
  try {
    const loaded = await load(platform);
    console.log(
      `telemetry-query ${dialect}: loaded ${loaded.points} readings (${DEVICES} devices × ${DAYS} days, every ${INTERVAL_MIN} min) through ingestion in ${loaded.seconds.toFixed(1)} s (${Math.round(loaded.points / loaded.seconds)} readings/s)`,
    );
    const login = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const k = platform.db.kysely;
    const pg = dialect === 'postgres';

    // 1. One device, hourly average over 7 days.
    const weekFrom = loaded.to - 7 * DAY;
    const api1 = async (i: number) => {
      const id = deviceId(((i * 37) % DEVICES) & ~3);
      const res = await platform.app.inject({
        method: 'GET',
        url: `/api/v1/sensing/devices/${id}/telemetry?property=pm25&bucket=1h&agg=avg&from=${new Date(weekFrom).toISOString()}&to=${new Date(loaded.to).toISOString()}`,
        headers: { cookie },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
      return (res.json() as { points: Array<{ ts: string; value: number }> }).points.map((p) => [Date.parse(p.ts), p.value] as const);
    };
    const hand1 = async (i: number) => {
      const id = deviceId(((i * 37) % DEVICES) & ~3);
      const rows = pg
        ? await sql<{ b: Date; v: number }>`select date_trunc('hour', ts) as b, avg(num_value) as v from ${sql.table('sensing_readings')}
            where device_id = ${id} and property = 'pm25' and ts >= ${new Date(weekFrom)} and ts < ${new Date(loaded.to)}
            group by 1 order by 1`.execute(k)
        : await sql<{ b: number; v: number }>`select (ts / 3600000) * 3600000 as b, avg(num_value) as v from sensing_readings
            where device_id = ${id} and property = 'pm25' and ts >= ${weekFrom} and ts < ${loaded.to}
            group by 1 order by 1`.execute(k);
      return rows.rows.map((r) => [new Date(r.b).getTime(), Number(r.v)] as const);
    };
    const [a1, h1] = [await api1(1), await hand1(1)];
    if (a1.length !== h1.length || a1.length !== 7 * 24 || a1.some(([t, v], j) => t !== h1[j]![0] || !close(v, h1[j]![1]))) {
      throw new Error(`hourly answers differ: API ${a1.length} buckets, SQL ${h1.length}`);
    }
    const apiMs = await time(REPEAT, api1);
    const handMs = await time(REPEAT, hand1);
    // The cost of any API call (session, permission, device lookup, JSON), for scale.
    const floorMs = await time(REPEAT, async (i) => {
      const res = await platform.app.inject({
        method: 'GET',
        url: `/api/v1/sensing/devices/${deviceId(((i * 37) % DEVICES) & ~3)}/latest`,
        headers: { cookie },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
    });
    console.log(
      `telemetry-query ${dialect} one device, 1h avg over 7 days (168 buckets): API ${apiMs.toFixed(2)} ms, hand SQL on raw ${handMs.toFixed(2)} ms; ratio (hand / API) ${(handMs / apiMs).toFixed(2)}; an API call of one row (latest) ${floorMs.toFixed(2)} ms`,
    );

    // 2. One type in one district, daily average over 30 days.
    const devicesOf = k
      .selectFrom('sensing_devices')
      .select('id')
      .where('type', '=', 'AirQualityObserved')
      .where('district_code', '=', '330791');
    const dayFrom = Math.floor((loaded.from + SHANGHAI) / DAY) * DAY - SHANGHAI + DAY;
    const dayTo = Math.floor((loaded.to + SHANGHAI) / DAY) * DAY - SHANGHAI;
    const rollup2 = async () => {
      const rows = pg
        ? await sql<{ d: Date; v: number }>`select date_trunc('day', bucket at time zone 'Asia/Shanghai') as d, sum(sum_value) / sum(n) as v
            from ${sql.table('sensing_rollups_1h')} where device_id in (${devicesOf}) and property = 'pm25'
            and bucket >= ${new Date(dayFrom)} and bucket < ${new Date(dayTo)} group by 1 order by 1`.execute(k)
        : await sql<{ d: number; v: number }>`select ((bucket + ${sql.lit(SHANGHAI)}) / ${sql.lit(DAY)}) as d, sum(sum_value) / sum(n) as v
            from sensing_rollups_1h where device_id in (${devicesOf}) and property = 'pm25'
            and bucket >= ${dayFrom} and bucket < ${dayTo} group by 1 order by 1`.execute(k);
      return rows.rows.map((r) => Number(r.v));
    };
    const hand2 = async () => {
      const rows = pg
        ? await sql<{ d: Date; v: number }>`select date_trunc('day', ts at time zone 'Asia/Shanghai') as d, avg(num_value) as v
            from ${sql.table('sensing_readings')} where device_id in (${devicesOf}) and property = 'pm25'
            and ts >= ${new Date(dayFrom)} and ts < ${new Date(dayTo)} group by 1 order by 1`.execute(k)
        : await sql<{ d: number; v: number }>`select ((ts + ${sql.lit(SHANGHAI)}) / ${sql.lit(DAY)}) as d, avg(num_value) as v
            from sensing_readings where device_id in (${devicesOf}) and property = 'pm25'
            and ts >= ${dayFrom} and ts < ${dayTo} group by 1 order by 1`.execute(k);
      return rows.rows.map((r) => Number(r.v));
    };
    const [r2, h2] = [await rollup2(), await hand2()];
    if (r2.length !== h2.length || r2.length < DAYS - 2 || r2.some((v, j) => !close(v, h2[j]!))) {
      throw new Error(`daily answers differ: rollups ${r2.length} days, raw ${h2.length}`);
    }
    const n2 = Math.max(3, Math.round(REPEAT / 8));
    const rollMs = await time(n2, rollup2);
    const rawMs = await time(n2, hand2);
    const count = await k
      .selectFrom('sensing_devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'AirQualityObserved')
      .where('district_code', '=', '330791')
      .executeTakeFirst();
    console.log(
      `telemetry-query ${dialect} type × district (${Number(count?.n ?? 0)} devices), 1d avg over ${r2.length} days: platform rollups ${rollMs.toFixed(1)} ms, hand SQL on raw ${rawMs.toFixed(1)} ms; ratio (raw / rollups) ${(rawMs / rollMs).toFixed(1)}`,
    );
  } finally {
    await cleanup();
  }
}

const dialects: Dialect[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
if (!process.env.DATABASE_URL) console.log('telemetry-query: DATABASE_URL not set; PostgreSQL skipped');
for (const d of (process.env.BENCH_DIALECTS?.split(',') as Dialect[] | undefined) ?? dialects) await run(d);
