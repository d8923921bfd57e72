/**
 * Every sensing endpoint refuses bad input with a 400 problem that names the offending field, and
 * refuses callers without the permission (401 / 403). A refused request writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { call } from './sensing-test-kit.js';

const D = '/sensing/devices/zc-aq-0001';

forEachDialect((dialect) => {
  describe(`sensing API bad input (${dialect})`, () => {
    let t: TestApp;
    let site: { lon: number; lat: number };
    let token: string;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      site = (await call(t, 'GET', D)).body.location;
      token = (await call(t, 'POST', '/sensing/devices/zc-aq-0001/token')).body.token;
    });
    after(() => t?.close());

    const device = (over: Record<string, unknown>) => ({ type: 'WaterLevel', name: '水位', location: site, ...over });

    /** [method, url, body (function of the site), field the problem must name] */
    const cases: Array<[string, string, (() => unknown) | null, string]> = [
      ['GET', '/sensing/device-types?zoom=1', null, '/query/zoom'],
      ['GET', '/sensing/device-types/1abc', null, '/params/code'],
      ['POST', '/sensing/device-types', () => ({ code: 'Soil', name: '土壤' }), '/body/properties'],
      [
        'POST',
        '/sensing/device-types',
        () => ({ code: '9Soil', name: '土壤', properties: [{ name: 'm', title: 'm', unit: '', type: 'number' }] }),
        '/body/code',
      ],
      [
        'POST',
        '/sensing/device-types',
        () => ({ code: 'Soil', name: '土壤', properties: [{ name: 'm', title: 'm', unit: '', type: 'float' }] }),
        '/body/properties/0/type',
      ],
      [
        'POST',
        '/sensing/device-types',
        () => ({ code: 'Soil', name: '土壤', properties: [{ name: 'm', title: 'm', unit: '', type: 'number', min: 5, max: 1 }] }),
        '/body/properties/0/max',
      ],
      [
        'POST',
        '/sensing/device-types',
        () => ({
          code: 'Soil',
          name: '土壤',
          properties: [
            { name: 'm', title: 'm', unit: '', type: 'number' },
            { name: 'm', title: 'n', unit: '', type: 'number' },
          ],
        }),
        '/body/properties/1/name',
      ],
      ['GET', '/sensing/devices?limit=0', null, '/query/limit'],
      ['GET', '/sensing/devices?limit=1001', null, '/query/limit'],
      ['GET', '/sensing/devices?state=sleeping', null, '/query/state'],
      ['GET', '/sensing/devices?areaCode=1234', null, '/query/areaCode'],
      ['GET', '/sensing/devices?districtCode=33079', null, '/query/districtCode'],
      ['GET', '/sensing/devices?type=1x', null, '/query/type'],
      ['GET', '/sensing/devices?cursor=not-a-cursor', null, '/query/cursor'],
      ['GET', '/sensing/devices?zoom=3', null, '/query/zoom'],
      ['GET', '/sensing/devices.geojson?state=x', null, '/query/state'],
      ['GET', '/sensing/devices/bad%20id', null, '/params/id'],
      ['POST', '/sensing/devices', () => ({ name: '水位', location: site }), '/body/type'],
      ['POST', '/sensing/devices', () => ({ type: 'WaterLevel', name: '水位' }), '/body/location'],
      ['POST', '/sensing/devices', () => device({ name: '   ' }), '/body/name'],
      ['POST', '/sensing/devices', () => device({ location: { lon: 200, lat: 29 } }), '/body/location/lon'],
      ['POST', '/sensing/devices', () => device({ location: { lon: 116.397, lat: 39.909 } }), '/body/location'],
      ['POST', '/sensing/devices', () => device({ type: 'Teapot' }), '/body/type'],
      ['POST', '/sensing/devices', () => device({ id: 'a/b' }), '/body/id'],
      ['POST', '/sensing/devices', () => device({ reportingIntervalSeconds: 5 }), '/body/reportingIntervalSeconds'],
      ['POST', '/sensing/devices', () => device({ departmentCode: 'D999' }), '/body/departmentCode'],
      ['POST', '/sensing/devices', () => device({ installDate: '2025-13-01' }), '/body/installDate'],
      ['POST', '/sensing/devices', () => device({ metadata: { warningLevel: 'high' } }), '/body/metadata/warningLevel'],
      ['POST', '/sensing/devices', () => device({ colour: 'red' }), '/body/colour'],
      ['PATCH', D, () => ({}), '/body'],
      ['PATCH', D, () => ({ location: { lon: 116.397, lat: 39.909 } }), '/body/location'],
      ['PATCH', D, () => ({ enabled: 'maybe' }), '/body/enabled'],
      ['PATCH', D, () => ({ reportingIntervalSeconds: 10 ** 9 }), '/body/reportingIntervalSeconds'],
      ['PATCH', D, () => ({ departmentCode: 'D999' }), '/body/departmentCode'],
      ['PATCH', '/sensing/devices/zc-wl-0001', () => ({ metadata: { alertLevel: true } }), '/body/metadata/alertLevel'],
      ['DELETE', '/sensing/devices/bad%20id', null, '/params/id'],
      ['POST', '/sensing/devices/bad%20id/token', null, '/params/id'],
      ['POST', '/sensing/devices/import', () => ({ rows: 1 }), '/body'],
      ['POST', '/sensing/devices/import', () => [], '/body'],
      ['POST', '/sensing/devices/bad%20id/telemetry', () => ({ values: { pm25: 1 } }), '/params/id'],
      ['POST', `${D}/telemetry`, () => [1, 2], '/body'],
      ['GET', '/sensing/devices/bad%20id/latest', null, '/params/id'],
      ['GET', `${D}/telemetry`, null, '/query/property'],
      ['GET', `${D}/telemetry?property=radon`, null, '/query/property'],
      ['GET', `${D}/telemetry?property=pm25&from=yesterday`, null, '/query/from'],
      ['GET', `${D}/telemetry?property=pm25&from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z`, null, '/query/from'],
      ['GET', `${D}/telemetry?property=pm25&bucket=2m`, null, '/query/bucket'],
      ['GET', `${D}/telemetry?property=pm25&agg=median&bucket=1h`, null, '/query/agg'],
      ['GET', `${D}/telemetry?property=pm25&agg=max`, null, '/query/agg'],
      ['GET', `${D}/telemetry?property=pm25&limit=0`, null, '/query/limit'],
      ['GET', `${D}/telemetry?property=pm25&cursor=xyz`, null, '/query/cursor'],
      ['GET', `${D}/telemetry?property=pm25&bucket=1m&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`, null, '/query/from'],
      ['GET', `${D}/telemetry.csv?bucket=1w`, null, '/query/bucket'],
      ['GET', `${D}/telemetry.csv?property=radon`, null, '/query/property'],
      ['GET', `${D}/rejections?limit=0`, null, '/query/limit'],
      ['GET', `${D}/rejections?cursor=abc`, null, '/query/cursor'],
      ['GET', `${D}/events?from=soon`, null, '/query/from'],
      ['GET', `${D}/events?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z`, null, '/query/from'],
      ['POST', '/sensing/mqtt/auth', () => ({ username: 'zc-aq-0001' }), '/body/password'],
      ['POST', '/sensing/mqtt/acl', () => ({ username: 'zc-aq-0001', topic: 'x', action: 'delete' }), '/body/action'],
    ];

    for (const [method, url, body, field] of cases) {
      it(`${method} ${decodeURIComponent(url).slice(0, 70)} → 400 naming ${field}`, async () => {
        const res = await t.inject({
          method: method as 'GET',
          url: `/api/v1${url}`,
          as: 'admin',
          ...(url.endsWith('/telemetry') && method === 'POST' ? { headers: { authorization: `Bearer ${token}` } } : {}),
          ...(body ? { payload: body() as object } : {}),
        });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
        const errors = (res.json() as { errors?: Array<{ path: string }> }).errors ?? [];
        assert.ok(
          errors.some((e) => e.path === field),
          `errors ${JSON.stringify(errors)} name ${field}`,
        );
      });
    }

    it('wrote nothing for the refused requests', async () => {
      assert.equal((await call(t, 'GET', '/sensing/device-types/Soil')).status, 404);
      const d = await call(t, 'GET', D);
      assert.equal(d.body.enabled, true);
      assert.equal(d.body.reportingIntervalSeconds, 300);
    });

    it('answers 401 without a session, key or device token and 403 without the permission', async () => {
      for (const url of ['/sensing/devices', '/sensing/device-types', `${D}/latest`]) {
        assert.equal((await call(t, 'GET', url, undefined, null)).status, 401, url);
        assert.equal((await call(t, 'GET', url, undefined, 'operator1')).status, 403, url);
        assert.equal((await call(t, 'GET', url, undefined, 'analyst1')).status, 200, url);
      }
      assert.equal((await call(t, 'POST', '/sensing/devices', device({}), 'analyst1')).status, 403);
      assert.equal((await call(t, 'PATCH', D, { name: 'x' }, 'analyst1')).status, 403);
      assert.equal((await call(t, 'DELETE', D, undefined, 'analyst1')).status, 403);
      assert.equal((await call(t, 'POST', `${D}/token`, undefined, 'analyst1')).status, 403);
      assert.equal((await call(t, 'POST', `${D}/telemetry`, { values: { pm25: 1 } }, null)).status, 401);
      assert.equal((await call(t, 'POST', `${D}/telemetry`, { values: { pm25: 1 } }, 'analyst1')).status, 403);
      const wrong = await t.inject({
        method: 'POST',
        url: `/api/v1${D}/telemetry`,
        headers: { authorization: 'Bearer zd_wrong' },
        payload: { values: { pm25: 1 } },
      });
      assert.equal(wrong.statusCode, 401);
      const badKey = await t.inject({
        method: 'POST',
        url: `/api/v1${D}/telemetry`,
        headers: { authorization: 'Bearer zk_nope' },
        payload: { values: { pm25: 1 } },
      });
      assert.equal(badKey.statusCode, 401);
      const otherDevice = await t.inject({
        method: 'POST',
        url: '/api/v1/sensing/devices/zc-aq-0002/telemetry',
        headers: { authorization: `Bearer ${token}` },
        payload: { values: { pm25: 1 } },
      });
      assert.equal(otherDevice.statusCode, 401, 'a device token is good for its own device only');
    });
  });
});
