/**
 * NGSI-LD queries on the demo city (about 2,000 devices with history): filters run in the
 * database, so type + q + count, georel near, idPattern and a wide page answer quickly, and
 * the answers agree with the platform API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';

/** Generous for a shared 2-core machine; a query that loads every entity into JS takes seconds. */
const FAST_MS = 1500;

forEachDialect((dialect) => {
  describe(`NGSI-LD on the demo city (${dialect})`, () => {
    let t: TestApp;
    let auth: Record<string, string>;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      const key = await t.inject({
        method: 'POST',
        url: '/api/v1/org/api-keys',
        as: 'admin',
        payload: { name: 'scale', permissions: ['sensing.read'] },
      });
      auth = { authorization: `Bearer ${key.json().key}` };
      // Every station reports once (the simulator is off in tests): pm25 = its index mod 200.
      const stations = await t.platform.services.sensing.listDevices({ type: 'AirQualityObserved' });
      await Promise.all(
        stations.map((d, i) => t.platform.services.sensing.ingest(d.id, { values: { pm25: i % 200 } }, { channel: 'http' })),
      );
    });
    after(() => t?.close());

    const timed = async (url: string) => {
      const started = performance.now();
      const res = await t.inject({ method: 'GET', url: `/ngsi-ld/v1${url}`, headers: auth });
      const ms = performance.now() - started;
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.ok(ms < FAST_MS, `${url} took ${ms.toFixed(0)} ms`);
      return res;
    };

    it('counts and pages a type with q in the database and agrees with the platform API', async () => {
      const all = await t.inject({ method: 'GET', url: '/api/v1/sensing/devices?limit=1&type=AirQualityObserved', headers: auth });
      const total = all.json().total as number;
      assert.ok(total > 10, `the demo city has air-quality stations (${total})`);
      const res = await timed('/entities?type=AirQualityObserved&count=true&limit=1000&options=keyValues');
      assert.equal(res.headers['ngsild-results-count'], String(total));
      assert.equal(res.json().length, Math.min(total, 1000));
      const pm = (res.json() as Array<{ pm25: number }>).map((e) => e.pm25);
      const high = await timed(`/entities?type=AirQualityObserved&q=pm25>100&count=true&limit=1000&options=keyValues`);
      assert.equal(Number(high.headers['ngsild-results-count']), pm.filter((v) => v > 100).length);
      assert.ok(high.json().every((e: { pm25: number }) => e.pm25 > 100));
      const none = await timed(`/entities?type=AirQualityObserved&q=pm25>100;pm25<50&count=true&limit=0`);
      assert.equal(none.headers['ngsild-results-count'], '0');
    });

    it('answers geo and pattern queries over every device quickly', async () => {
      const any = (await timed('/entities?type=WaterLevel&limit=1&options=keyValues')).json()[0];
      const [lon, lat] = any.location.coordinates;
      const near = await timed(`/entities?georel=near;maxDistance==2000&geometry=Point&coordinates=[${lon},${lat}]&count=true&limit=50`);
      assert.ok(Number(near.headers['ngsild-results-count']) >= 1);
      assert.equal(near.json()[0].id, any.id, 'nearest first');
      const far = await timed(`/entities?georel=near;minDistance==1&geometry=Point&coordinates=[${lon},${lat}]&count=true&limit=1`);
      assert.ok(Number(far.headers['ngsild-results-count']) > 1000);
      await timed(`/entities?idPattern=.*-00[0-9]$&count=true&limit=100`);
    });
  });
});
