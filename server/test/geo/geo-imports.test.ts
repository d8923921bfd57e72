/**
 * Area and address imports: all-or-nothing (one bad row → 422 listing every bad row, nothing
 * written), then a good import is written, audited, announced by an event, and reflected at
 * once in locate, geocode and the lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GeoService } from '../../src/modules/geo/geo.service.js';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { getJson } from './geo-test-helpers.js';

/** A square grid east of the demo city, under an existing community. */
function square(lon: number, lat: number, d = 0.002): number[][][] {
  return [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ];
}

async function countOutbox(t: TestApp, name: string): Promise<number> {
  const row = await t.platform.db.kysely
    .selectFrom('kernel_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

forEachDialect((dialect) => {
  describe(`geo imports API (${dialect})`, () => {
    let t: TestApp;
    let community: string;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      const fc = await getJson<{ features: Array<{ properties: { code: string } }> }>(t, '/api/v1/geo/areas?level=community');
      community = fc.features[0]!.properties.code;
    });
    after(() => t?.close());

    it('rejects a whole area import when one feature is bad, listing every bad row, writing nothing', async () => {
      const events = await countOutbox(t, 'geo.areas.changed.v1');
      const payload = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: `${community}901`, name: '新网格一', level: 'grid', parentCode: community },
            geometry: { type: 'Polygon', coordinates: square(119.8, 29.1) },
          },
          {
            type: 'Feature',
            properties: { code: `${community}902`, name: '坏网格', level: 'grid', parentCode: community },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [119.81, 29.1],
                  [119.82, 29.1],
                  [119.82, 29.11],
                ],
              ],
            },
          },
          {
            type: 'Feature',
            properties: { code: '12345', name: '', level: 'grid', parentCode: '330791999999' },
            geometry: { type: 'Point', coordinates: [1, 2] },
          },
          {
            type: 'Feature',
            properties: { code: `${community}904`, name: '越界', level: 'grid', parentCode: community },
            geometry: { type: 'Polygon', coordinates: square(190, 29.1) },
          },
        ],
      };
      const res = await t.inject({ method: 'POST', url: '/api/v1/geo/imports/areas', as: 'steward1', payload });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const body = res.json() as { imported: number; rejected: Array<{ row: number; field: string; reason: string }> };
      assert.equal(body.imported, 0);
      const fields = body.rejected.map((r) => `${r.row}:${r.field}`);
      assert.ok(fields.includes('2:geometry'), fields.join());
      assert.ok(
        fields.includes('3:code') && fields.includes('3:name') && fields.includes('3:parentCode') && fields.includes('3:geometry'),
        fields.join(),
      );
      assert.ok(fields.includes('4:geometry'), fields.join());
      assert.ok(!fields.some((f) => f.startsWith('1:')), 'the good row is not rejected');
      const lookup = await t.inject({ method: 'GET', url: `/api/v1/geo/areas/${community}901`, as: 'admin' });
      assert.equal(lookup.statusCode, 404, 'the good row of a refused import is not written');
      assert.equal(await countOutbox(t, 'geo.areas.changed.v1'), events, 'no event for a refused import');
    });

    it('imports valid areas, audits and announces it, and locates points in them at once', async () => {
      const events = await countOutbox(t, 'geo.areas.changed.v1');
      const payload = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: `${community}901`, name: '新网格一', level: 'grid', parentCode: community },
            geometry: { type: 'Polygon', coordinates: square(119.8, 29.1) },
          },
          {
            type: 'Feature',
            properties: { code: `${community}902`, name: '新网格二', level: 'grid', parentCode: community },
            geometry: { type: 'Polygon', coordinates: square(119.802, 29.1) },
          },
        ],
      };
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/geo/imports/areas',
        as: 'steward1',
        headers: { 'content-type': 'application/geo+json' },
        payload: JSON.stringify(payload),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { imported: 2, rejected: [] });
      const loc = await getJson<{ grid: { code: string }; community: { code: string } }>(t, '/api/v1/geo/locate?lon=119.8031&lat=29.1011');
      assert.equal(loc.grid.code, `${community}902`);
      assert.equal(loc.community.code, community);
      const detail = await getJson<{ path: Array<{ code: string }>; areaSqm: number }>(t, `/api/v1/geo/areas/${community}901`);
      assert.deepEqual(detail.path.map((p) => p.code).slice(-2), [community, `${community}901`]);
      assert.ok(detail.areaSqm > 40000 && detail.areaSqm < 50000, String(detail.areaSqm)); // 0.002° ≈ 195 m × 222 m
      assert.equal(await countOutbox(t, 'geo.areas.changed.v1'), events + 1);
      const audit = await getJson<{ items: Array<{ action: string }> }>(t, '/api/v1/audit?action=geo.areas.imported');
      assert.equal(audit.items.length, 1);
    });

    it('rejects a whole CSV address import when one row is bad, writing nothing', async () => {
      const csv = [
        'fullAddress,lon,lat,poiName',
        '示范市东城区测试路1号,119.8005,29.1005,',
        '"示范市东城区测试路3号,东门",abc,29.1005,',
        '示范市东城区测试路5号,100.0,20.0,',
      ].join('\r\n');
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/geo/imports/addresses',
        as: 'steward1',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      assert.equal(res.statusCode, 422, res.body);
      const body = res.json() as { rejected: Array<{ row: number; field: string }> };
      assert.deepEqual(
        body.rejected.map((r) => `${r.row}:${r.field}`),
        ['2:lon', '3:lon'],
      );
      const list = await getJson<{ total: number }>(t, `/api/v1/geo/addresses?q=${encodeURIComponent('测试路')}`);
      assert.equal(list.total, 0);
    });

    it('imports CSV and JSON addresses, deriving their grid, and geocodes them at once', async () => {
      const csv = 'fullAddress,lon,lat,poiName\n示范市东城区测试路1号,119.8005,29.1005,\n示范市东城区测试路3号,119.8025,29.1005,测试大厦\n';
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/geo/imports/addresses',
        as: 'steward1',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { imported: 2, rejected: [] });
      const json = await t.inject({
        method: 'POST',
        url: '/api/v1/geo/imports/addresses',
        as: 'steward1',
        payload: { items: [{ id: 'T-1', fullAddress: '测试路5号', lon: 119.8009, lat: 29.1009 }] },
      });
      assert.equal(json.statusCode, 200, json.body);
      const list = await getJson<{ total: number; items: Array<{ gridCode: string; kind: string }> }>(
        t,
        `/api/v1/geo/addresses?q=${encodeURIComponent('测试路')}`,
      );
      assert.equal(list.total, 3);
      assert.ok(list.items.every((i) => i.gridCode.startsWith(community)));
      assert.ok(list.items.some((i) => i.kind === 'poi'));
      const g = await getJson<{ candidates: Array<{ address: string; grid: { code: string } }> }>(
        t,
        `/api/v1/geo/geocode?q=${encodeURIComponent('测试路3号')}`,
      );
      assert.equal(g.candidates[0]!.address, '示范市东城区测试路3号');
      assert.equal(g.candidates[0]!.grid.code, `${community}902`);
      const p = await getJson<{ candidates: Array<{ address: string }> }>(t, `/api/v1/geo/geocode?q=${encodeURIComponent('测试大厦')}`);
      assert.equal(p.candidates[0]!.address, '示范市东城区测试路3号');
    });

    it('lets another node see a change once it refreshes (version stamp), without a restart', async () => {
      // A second service over the same database plays the other node.
      const { db, audit, events, settings, now } = t.platform.ctx;
      const other = new GeoService({ db, audit, events, settings, now });
      await other.start();
      // Pause this node's periodic check so that only the explicit refresh below rebuilds.
      await t.platform.services.geo.stop();
      try {
        await other.importAddresses([{ id: 'OTHER-1', fullAddress: '示范市东城区别处路8号', lon: 119.8011, lat: 29.1011 }], 'system');
        const before = await getJson<{ candidates: Array<{ address: string }> }>(
          t,
          `/api/v1/geo/geocode?q=${encodeURIComponent('别处路8号')}`,
        );
        assert.notEqual(before.candidates[0]?.address, '示范市东城区别处路8号', 'this node has not rebuilt yet');
        assert.equal(await t.platform.services.geo.refreshIfChanged(), true);
        assert.equal(await t.platform.services.geo.refreshIfChanged(), false, 'nothing new the second time');
        const after = await getJson<{ candidates: Array<{ address: string }> }>(
          t,
          `/api/v1/geo/geocode?q=${encodeURIComponent('别处路8号')}`,
        );
        assert.equal(after.candidates[0]!.address, '示范市东城区别处路8号');
      } finally {
        await other.stop();
        await t.platform.services.geo.start();
      }
    });
  });
});
