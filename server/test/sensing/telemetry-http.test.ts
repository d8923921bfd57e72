/**
 * Telemetry over HTTP on the demo city: a mixed batch keeps the good values and refuses the bad
 * ones with reasons that are recorded; old readings are placed in time; readings from a clock in
 * the future are refused; latest values, raw and bucketed series (Asia/Shanghai days) and CSV
 * exports read back what was stored; a re-sent reading changes nothing; listeners hear each
 * stored value once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AcceptedReading } from '../../src/modules/sensing/index.js';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { call, postReadings } from './sensing-test-kit.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

forEachDialect((dialect) => {
  describe(`sensing telemetry over HTTP (${dialect})`, () => {
    let t: TestApp;
    let token: string;
    const heard: AcceptedReading[] = [];
    /** 10:00 Beijing time three days ago. */
    let base: number;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      token = (await call(t, 'POST', '/sensing/devices/zc-aq-0003/token')).body.token;
      t.platform.services.sensing.onReadings((batch) => heard.push(...batch.filter((r) => r.deviceId === 'zc-aq-0003')));
      const shanghaiMidnight = Math.floor((Date.now() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
      base = shanghaiMidnight - 3 * DAY + 10 * HOUR;
    });
    after(() => t?.close());

    it('keeps the good values of a mixed batch and refuses the bad ones with the index, property and reason (207)', async () => {
      const res = await postReadings(t, 'zc-aq-0003', token, [
        { ts: new Date(base - HOUR).toISOString(), values: { pm25: 35, pm10: 60 } },
        { ts: base - HOUR + 60_000, values: { pm25: -5, o3: 'high', radon: 3, no2: 40 } },
        { ts: 'yesterday', values: { pm25: 1 } },
        { values: 'none' },
      ]);
      assert.equal(res.status, 207);
      assert.equal(res.body.accepted, 3);
      assert.deepEqual(
        res.body.rejected.map((r) => [r.index, r.property]),
        [
          [1, 'pm25'],
          [1, 'o3'],
          [1, 'radon'],
          [2, 'ts'],
          [3, 'values'],
        ],
      );
      assert.match(res.body.rejected[0]!.reason, /below the minimum 0/);
      assert.match(res.body.rejected[1]!.reason, /must be a number/);
      assert.match(res.body.rejected[2]!.reason, /not a property of AirQualityObserved/);
      const stored = await call(
        t,
        'GET',
        `/sensing/devices/zc-aq-0003/telemetry?property=no2&from=${new Date(base - 2 * HOUR).toISOString()}`,
      );
      assert.deepEqual(stored.body.points, [{ ts: new Date(base - HOUR + 60_000).toISOString(), value: 40 }]);
    });

    it('records refusals per device, visible newest first with what was sent', async () => {
      const res = await call(t, 'GET', '/sensing/devices/zc-aq-0003/rejections?limit=3');
      assert.equal(res.status, 200);
      assert.equal(res.body.items.length, 3);
      assert.deepEqual(
        res.body.items.map((r: { index: number; property: string }) => [r.index, r.property]),
        [
          [3, 'values'],
          [2, 'ts'],
          [1, 'radon'],
        ],
      );
      assert.equal(res.body.items[0].channel, 'http');
      assert.match(res.body.items[0].excerpt, /radon/);
      const next = await call(t, 'GET', `/sensing/devices/zc-aq-0003/rejections?limit=3&cursor=${res.body.next}`);
      assert.equal(next.body.items.length, 2);
      assert.equal((await call(t, 'GET', '/sensing/devices/zc-aq-0004/rejections')).body.items.length, 0);
    });

    it('places late readings in time and never moves the latest value back', async () => {
      const ts = [base + 2 * HOUR, base + 3 * HOUR, base + HOUR / 2];
      for (const [i, at] of ts.entries()) {
        const r = await postReadings(t, 'zc-aq-0003', token, { ts: at, values: { temperature: 20 + i } });
        assert.equal(r.status, 200);
      }
      const series = await call(
        t,
        'GET',
        `/sensing/devices/zc-aq-0003/telemetry?property=temperature&from=${new Date(base).toISOString()}&to=${new Date(base + DAY).toISOString()}`,
      );
      assert.deepEqual(
        series.body.points.map((p: { value: number }) => p.value),
        [22, 20, 21],
      );
      const latest = await call(t, 'GET', '/sensing/devices/zc-aq-0003/latest');
      assert.deepEqual(latest.body.values.temperature, { value: 21, ts: new Date(base + 3 * HOUR).toISOString() });
    });

    it('refuses a reading more than 5 minutes ahead of the server clock and accepts small skew', async () => {
      const ahead = await postReadings(t, 'zc-aq-0003', token, { ts: Date.now() + 10 * 60_000, values: { humidity: 50 } });
      assert.equal(ahead.status, 207);
      assert.equal(ahead.body.accepted, 0);
      assert.equal(ahead.body.rejected[0]!.property, 'ts');
      assert.match(ahead.body.rejected[0]!.reason, /ahead of the server clock/);
      const slightly = await postReadings(t, 'zc-aq-0003', token, { ts: Date.now() + 60_000, values: { humidity: 51 } });
      assert.equal(slightly.status, 200);
      const secs = await postReadings(t, 'zc-aq-0003', token, { ts: Math.floor(Date.now() / 1000), values: { humidity: 52 } });
      assert.match(secs.body.rejected[0]!.reason, /epoch seconds/);
    });

    it('aggregates buckets from the rollups: 1m, 5m, 1h and Asia/Shanghai days', async () => {
      const readings = Array.from({ length: 10 }, (_, i) => ({ ts: base + i * 60_000 + 5_000, values: { pm10: 10 + i } }));
      assert.equal((await postReadings(t, 'zc-aq-0003', token, readings)).body.accepted, 10);
      const q = (bucket: string, agg = 'avg') =>
        call(
          t,
          'GET',
          `/sensing/devices/zc-aq-0003/telemetry?property=pm10&bucket=${bucket}&agg=${agg}&from=${new Date(base).toISOString()}&to=${new Date(base + HOUR).toISOString()}`,
        );
      const minute = await q('1m');
      assert.equal(minute.status, 200, minute.raw);
      assert.equal(minute.body.points.length, 10);
      assert.deepEqual(minute.body.points[0], { ts: new Date(base).toISOString(), value: 10 });
      assert.deepEqual(
        (await q('5m')).body.points.map((p: { value: number }) => p.value),
        [12, 17],
      );
      const hour = async (agg: string) => (await q('1h', agg)).body.points[0].value;
      assert.deepEqual(
        [await hour('avg'), await hour('min'), await hour('max'), await hour('sum'), await hour('count'), await hour('last')],
        [14.5, 10, 19, 145, 10, 19],
      );
      const day = await call(
        t,
        'GET',
        `/sensing/devices/zc-aq-0003/telemetry?property=pm10&bucket=1d&agg=max&from=${new Date(base - DAY).toISOString()}&to=${new Date(base + DAY).toISOString()}`,
      );
      const dayStart = base - 10 * HOUR;
      assert.deepEqual(day.body.points, [{ ts: new Date(dayStart).toISOString(), value: 60 }]);
      assert.equal(new Date(dayStart).toISOString().slice(11), '16:00:00.000Z', 'a Beijing day starts at 16:00 UTC');
    });

    it('treats a re-sent reading as already stored: accepted, counted once, heard once', async () => {
      const before = heard.length;
      const again = await postReadings(t, 'zc-aq-0003', token, { ts: base + 5_000, values: { pm10: 10 } });
      assert.deepEqual(again.body, { accepted: 1, rejected: [] });
      const count = await call(
        t,
        'GET',
        `/sensing/devices/zc-aq-0003/telemetry?property=pm10&bucket=1h&agg=count&from=${new Date(base).toISOString()}&to=${new Date(base + HOUR).toISOString()}`,
      );
      assert.equal(count.body.points[0].value, 10);
      await t.platform.services.sensing.drain();
      assert.equal(heard.length, before, 'a duplicate is not delivered to listeners again');
      assert.ok(heard.some((r) => r.property === 'pm10' && r.value === 19 && r.deviceType === 'AirQualityObserved'));
    });

    it('exports CSV with Beijing times, raw or bucketed', async () => {
      const res = await t.inject({
        method: 'GET',
        url: `/api/v1/sensing/devices/zc-aq-0003/telemetry.csv?property=pm10&from=${new Date(base).toISOString()}&to=${new Date(base + HOUR).toISOString()}`,
        as: 'admin',
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/csv/);
      assert.match(String(res.headers['content-disposition']), /zc-aq-0003-telemetry\.csv/);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines[0], 'ts,property,value');
      assert.equal(lines.length, 11);
      assert.match(lines[1]!, /^\d{4}-\d\d-\d\dT10:00:05\.000\+08:00,pm10,10$/);
      const all = await t.inject({
        method: 'GET',
        url: `/api/v1/sensing/devices/zc-aq-0003/telemetry.csv?bucket=1h&from=${new Date(base).toISOString()}&to=${new Date(base + HOUR).toISOString()}`,
        as: 'admin',
      });
      assert.ok(all.body.includes('T10:00:00.000+08:00,pm10,14.5'), all.body);
    });

    it('types latest values by the thing model (booleans stay booleans)', async () => {
      const mh = (await call(t, 'POST', '/sensing/devices/zc-mh-0001/token')).body.token;
      const r = await postReadings(t, 'zc-mh-0001', mh, { values: { tilt: 2.5, open: false, water: true } });
      assert.equal(r.status, 200);
      const latest = await call(t, 'GET', '/sensing/devices/zc-mh-0001/latest');
      assert.equal(latest.body.values.open.value, false);
      assert.equal(latest.body.values.water.value, true);
      assert.equal(latest.body.values.tilt.value, 2.5);
      const d = await call(t, 'GET', '/sensing/devices/zc-mh-0001');
      assert.ok(Date.now() - Date.parse(d.body.lastSeenAt) < 60_000, 'lastSeenAt is the receive time');
    });

    it('accepts readings from an API key with sensing.telemetry.write and from a signed-in admin', async () => {
      const key = await call(t, 'POST', '/org/api-keys', { name: '网关', permissions: ['sensing.telemetry.write'] });
      assert.equal(key.status, 201, key.raw);
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/sensing/devices/zc-ns-0001/telemetry',
        headers: { authorization: `Bearer ${key.body.key}` },
        payload: [{ values: { laeq: 61.5 } }],
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await call(t, 'POST', '/sensing/devices/zc-ns-0002/telemetry', { values: { laeq: 48 } })).status, 200);
      assert.equal((await call(t, 'POST', '/sensing/devices/nope/telemetry', { values: { laeq: 48 } })).status, 404);
    });
  });
});
