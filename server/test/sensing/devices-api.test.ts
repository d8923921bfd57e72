/**
 * The device registry through the HTTP API on the demo city: thing models, create with the token
 * shown once and stored hashed, areas from the location, lists with filters, paging and totals,
 * the map layer, changes, token rotation, deletion, bulk import; every change audited and evented.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { call, outboxEvents } from './sensing-test-kit.js';

forEachDialect((dialect) => {
  describe(`sensing devices API (${dialect})`, () => {
    let t: TestApp;
    let site: { lon: number; lat: number };
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      const d = await call(t, 'GET', '/sensing/devices/zc-aq-0001');
      site = d.body.location;
    });
    after(() => t?.close());

    it('lists the built-in thing models under their Smart Data Models names, with typed properties', async () => {
      const res = await call(t, 'GET', '/sensing/device-types');
      assert.equal(res.status, 200);
      const codes = res.body.items.map((i: { code: string }) => i.code);
      for (const c of [
        'AirQualityObserved',
        'WaterLevel',
        'NoiseLevelObserved',
        'TrafficFlowObserved',
        'OffStreetParking',
        'ManholeCover',
        'Streetlight',
        'WaterQualityObserved',
      ]) {
        assert.ok(codes.includes(c), c);
      }
      const aq = res.body.items.find((i: { code: string }) => i.code === 'AirQualityObserved');
      assert.deepEqual(
        aq.properties.map((p: { name: string }) => p.name),
        ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co', 'temperature', 'humidity'],
      );
      assert.deepEqual(
        { name: aq.properties[0].name, unit: aq.properties[0].unit, type: aq.properties[0].type },
        { name: 'pm25', unit: 'µg/m³', type: 'number' },
      );
      const light = (await call(t, 'GET', '/sensing/device-types/Streetlight')).body;
      assert.deepEqual(
        light.commands.map((c: { name: string }) => c.name),
        ['switch', 'dim'],
      );
      assert.equal((await call(t, 'GET', '/sensing/device-types/Nope')).status, 404);
    });

    it('defines a user type, refuses a built-in or taken code (409), and then accepts devices of it', async () => {
      const body = {
        code: 'SoilMoisture',
        name: '土壤墒情站',
        properties: [{ name: 'moisture', title: '含水率', unit: '%', type: 'number', min: 0, max: 100 }],
        events: [{ name: 'dry', title: '干旱', level: 'warning' }],
      };
      const created = await call(t, 'POST', '/sensing/device-types', body);
      assert.equal(created.status, 201, created.raw);
      assert.equal(created.body.builtIn, false);
      assert.equal(created.body.retentionDays, 400);
      assert.equal((await call(t, 'POST', '/sensing/device-types', body)).status, 409);
      assert.equal((await call(t, 'POST', '/sensing/device-types', { ...body, code: 'WaterLevel' })).status, 409);
      assert.equal((await call(t, 'GET', '/sensing/device-types/SoilMoisture')).body.name, '土壤墒情站');
      const dev = await call(t, 'POST', '/sensing/devices', { type: 'SoilMoisture', name: '墒情1', location: site });
      assert.equal(dev.status, 201, dev.raw);
    });

    it('creates a device placed in its grid, shows the token once and stores only its SHA-256', async () => {
      const res = await call(t, 'POST', '/sensing/devices', {
        id: 'api-wl-1',
        type: 'WaterLevel',
        name: '测试水位站',
        location: site,
        reportingIntervalSeconds: 60,
        departmentCode: 'D032',
        installDate: '2025-03-01',
        metadata: { warningLevel: 3.2, alertLevel: 4 },
      });
      assert.equal(res.status, 201, res.raw);
      assert.match(res.body.token, /^zd_[A-Za-z0-9_-]{43}$/);
      assert.equal(res.body.state, 'online');
      assert.equal(res.body.lastSeenAt, null);
      assert.match(res.body.grid.code, /^\d{15}$/);
      assert.equal(res.body.district.code, res.body.grid.code.slice(0, 6));
      const row = await t.platform.db.kysely
        .selectFrom('sensing_devices')
        .select(['token_hash'])
        .where('id', '=', 'api-wl-1')
        .executeTakeFirstOrThrow();
      assert.equal(row.token_hash, createHash('sha256').update(res.body.token).digest('hex'));
      const again = await call(t, 'GET', '/sensing/devices/api-wl-1');
      assert.equal(again.status, 200);
      assert.equal(again.body.token, undefined, 'the token is never shown again');
      assert.equal(again.body.metadata.warningLevel, 3.2);
      assert.equal(
        (await call(t, 'POST', '/sensing/devices', { id: 'api-wl-1', type: 'WaterLevel', name: 'x', location: site })).status,
        409,
      );
    });

    it('audits and publishes every change in the same transaction', async () => {
      const audit = await call(t, 'GET', '/audit?target=device:api-wl-1');
      assert.equal(audit.status, 200, audit.raw);
      assert.ok(audit.body.items.some((r: { action: string }) => r.action === 'sensing.device.created'));
      const created = await outboxEvents(t, 'sensing.device.created.v1');
      assert.ok(created.some((e) => e.deviceId === 'api-wl-1' && e.type === 'WaterLevel'));
    });

    it('lists devices with filters by type, area, state and text, cursor paging and the total', async () => {
      const all = await call(t, 'GET', '/sensing/devices?type=TrafficFlowObserved&limit=120');
      assert.equal(all.status, 200);
      assert.equal(all.body.total, 300);
      assert.equal(all.body.items.length, 120);
      const page2 = await call(t, 'GET', `/sensing/devices?type=TrafficFlowObserved&limit=120&cursor=${all.body.next}`);
      const page3 = await call(t, 'GET', `/sensing/devices?type=TrafficFlowObserved&limit=120&cursor=${page2.body.next}`);
      assert.equal(page3.body.items.length, 60);
      assert.equal(page3.body.next, null);
      const ids = [...all.body.items, ...page2.body.items, ...page3.body.items].map((d: { id: string }) => d.id);
      assert.equal(new Set(ids).size, 300);
      const d = all.body.items[0];
      const inDistrict = await call(t, 'GET', `/sensing/devices?districtCode=${d.district.code}&limit=1`);
      const inGrid = await call(t, 'GET', `/sensing/devices?areaCode=${d.grid.code}&limit=1000`);
      assert.ok(inDistrict.body.total > inGrid.body.total && inGrid.body.total >= 1);
      assert.ok(inGrid.body.items.every((x: { grid: { code: string } }) => x.grid.code === d.grid.code));
      const q = await call(t, 'GET', `/sensing/devices?q=${encodeURIComponent('空气质量')}`);
      assert.equal(q.body.total, 40);
      const total = async (query: string) => (await call(t, 'GET', `/sensing/devices?limit=1${query}`)).body.total as number;
      const [everything, online, offline, disabled] = [
        await total(''),
        await total('&state=online'),
        await total('&state=offline'),
        await total('&state=disabled'),
      ];
      assert.ok(everything >= 2000);
      assert.equal(online + offline + disabled, everything);
    });

    it('serves all devices as a GeoJSON point layer with their state', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/sensing/devices.geojson', as: 'admin' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /geo\+json/);
      const fc = res.json() as {
        type: string;
        features: Array<{ geometry: { coordinates: number[] }; properties: { state: string; type: string } }>;
      };
      assert.equal(fc.type, 'FeatureCollection');
      assert.ok(fc.features.length >= 2000);
      assert.ok(fc.features.every((f) => f.geometry.coordinates.length === 2 && f.properties.state));
      const only = await call(t, 'GET', '/sensing/devices.geojson?type=NoiseLevelObserved');
      assert.equal(only.body.features.length, 50);
    });

    it('changes name, location, interval, metadata and enabled; disabled shows as state disabled', async () => {
      const grids = await call(t, 'GET', '/sensing/devices/zc-mh-0002');
      const moved = await call(t, 'PATCH', '/sensing/devices/api-wl-1', {
        name: '改名水位站',
        location: grids.body.location,
        reportingIntervalSeconds: 120,
        metadata: { warningLevel: 3.5 },
      });
      assert.equal(moved.status, 200, moved.raw);
      assert.equal(moved.body.name, '改名水位站');
      assert.equal(moved.body.grid.code, grids.body.grid.code);
      assert.equal(moved.body.reportingIntervalSeconds, 120);
      const off = await call(t, 'PATCH', '/sensing/devices/api-wl-1', { enabled: false });
      assert.equal(off.body.state, 'disabled');
      const updated = await outboxEvents(t, 'sensing.device.updated.v1');
      assert.deepEqual(updated.at(-1), { deviceId: 'api-wl-1', type: 'WaterLevel', changed: ['enabled'] });
      const on = await call(t, 'PATCH', '/sensing/devices/api-wl-1', { enabled: true });
      assert.equal(on.body.state, 'online');
    });

    it('rotates the token: the new one is shown once and the old one stops working', async () => {
      const created = await call(t, 'POST', '/sensing/devices', { type: 'NoiseLevelObserved', name: '噪声测试', location: site });
      const id = created.body.id;
      const rotated = await call(t, 'POST', `/sensing/devices/${id}/token`);
      assert.equal(rotated.status, 200, rotated.raw);
      assert.notEqual(rotated.body.token, created.body.token);
      const post = (token: string) =>
        t.inject({
          method: 'POST',
          url: `/api/v1/sensing/devices/${id}/telemetry`,
          headers: { authorization: `Bearer ${token}` },
          payload: { values: { laeq: 55 } },
        });
      assert.equal((await post(created.body.token)).statusCode, 401);
      assert.equal((await post(rotated.body.token)).statusCode, 200);
    });

    it('deletes a device (404 afterwards) and keeps its id reserved until its telemetry is purged', async () => {
      const created = await call(t, 'POST', '/sensing/devices', { id: 'api-del-1', type: 'Streetlight', name: '路灯', location: site });
      assert.equal(created.status, 201);
      assert.equal((await call(t, 'DELETE', '/sensing/devices/api-del-1')).status, 204);
      assert.equal((await call(t, 'GET', '/sensing/devices/api-del-1')).status, 404);
      assert.equal((await call(t, 'DELETE', '/sensing/devices/api-del-1')).status, 404);
      assert.equal(
        (await call(t, 'POST', '/sensing/devices', { id: 'api-del-1', type: 'Streetlight', name: '路灯', location: site })).status,
        409,
      );
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.purge-deleted'));
      assert.equal(
        (await call(t, 'POST', '/sensing/devices', { id: 'api-del-1', type: 'Streetlight', name: '路灯', location: site })).status,
        201,
      );
    });

    it('imports devices from CSV all or nothing, reporting every bad row with its field, tokens once', async () => {
      const { lon, lat } = site;
      const bad = [
        'id,type,name,lon,lat,reportingIntervalSeconds,departmentCode,metadata',
        `imp-1,ManholeCover,井盖1,${lon},${lat},3600,,`,
        `imp-2,Teapot,茶壶,${lon},${lat},,,`,
        `imp-3,ManholeCover,井盖3,116.39,39.9,,,`,
        `imp-1,ManholeCover,井盖4,${lon},${lat},,,`,
        `imp-5,WaterLevel,水位5,${lon},${lat},,D999,"{""warningLevel"": ""high""}"`,
        `zc-aq-0001,AirQualityObserved,重复,${lon},${lat},,,`,
      ].join('\n');
      const refused = await t.inject({
        method: 'POST',
        url: '/api/v1/sensing/devices/import',
        as: 'admin',
        headers: { 'content-type': 'text/csv' },
        payload: bad,
      });
      assert.equal(refused.statusCode, 422, refused.body);
      const r = refused.json() as { imported: number; rejected: Array<{ row: number; field: string }> };
      assert.equal(r.imported, 0);
      assert.deepEqual(
        r.rejected.map((x) => `${x.row}:${x.field}`),
        ['2:type', '3:location', '4:id', '5:departmentCode', '5:metadata/warningLevel', '6:id'],
      );
      assert.equal((await call(t, 'GET', '/sensing/devices/imp-1')).status, 404, 'nothing imported');

      const good = [
        'type,name,lon,lat,metadata',
        `ManholeCover,井盖A,${lon},${lat},`,
        `WaterLevel,水位B,${lon},${lat},"{""warningLevel"": 2.5}"`,
      ].join('\r\n');
      const ok = await t.inject({
        method: 'POST',
        url: '/api/v1/sensing/devices/import',
        as: 'admin',
        headers: { 'content-type': 'text/csv' },
        payload: good,
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const body = ok.json() as { imported: number; devices: Array<{ id: string; token: string }> };
      assert.equal(body.imported, 2);
      assert.equal(body.devices.length, 2);
      assert.ok(body.devices.every((d) => d.token.startsWith('zd_')));
      const json = await call(t, 'POST', '/sensing/devices/import', {
        items: [{ id: 'imp-json', type: 'Streetlight', name: '灯', location: { lon, lat } }],
      });
      assert.equal(json.status, 200, json.raw);
      assert.equal((await call(t, 'GET', '/sensing/devices/imp-json')).body.type, 'Streetlight');
    });

    it('answers another module through the service: getDevice and listDevices by type and area', async () => {
      const sensing = t.platform.services.sensing;
      const d = await sensing.getDevice('zc-wl-0001');
      assert.equal(d?.type, 'WaterLevel');
      assert.equal(await sensing.getDevice('nope'), null);
      const inDistrict = await sensing.listDevices({ type: 'WaterLevel', areaCode: d!.district!.code });
      assert.ok(inDistrict.length > 0 && inDistrict.every((x) => x.type === 'WaterLevel' && x.district?.code === d!.district!.code));
    });
  });
});
