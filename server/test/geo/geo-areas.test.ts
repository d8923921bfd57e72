/** Summary, area lists and details, roads and the gazetteer browser on the demo city. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { getJson } from './geo-test-helpers.js';

interface FC {
  type: string;
  features: Array<{ id: string; bbox?: number[]; properties: Record<string, string | null>; geometry: { type: string } }>;
}

forEachDialect((dialect) => {
  describe(`geo areas, roads and addresses API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
    });
    after(() => t?.close());

    it('summarises the demo city', async () => {
      const s = await getJson<{ city: { code: string; name: string }; counts: Record<string, number>; bbox: number[] }>(
        t,
        '/api/v1/geo/summary',
      );
      assert.deepEqual(s.city, { code: '330799', name: '示范市' });
      assert.equal(s.counts.district, 4);
      assert.ok(s.counts.street >= 15 && s.counts.street <= 25);
      assert.ok(s.counts.community >= 60 && s.counts.community <= 100);
      assert.equal(s.counts.grid, 1200);
      assert.ok(s.counts.address > 1000 && s.counts.road > 10);
      const [minLon, minLat, maxLon, maxLat] = s.bbox as [number, number, number, number];
      assert.ok(minLon >= 119.5 && maxLon <= 119.8 && minLat >= 29.0 && maxLat <= 29.2);
    });

    it('lists districts as a GeoJSON FeatureCollection with code, name, level, parentCode', async () => {
      const fc = await getJson<FC>(t, '/api/v1/geo/areas?level=district');
      assert.equal(fc.type, 'FeatureCollection');
      assert.deepEqual(
        fc.features.map((f) => f.id),
        ['330791', '330792', '330793', '330794'],
      );
      for (const f of fc.features) {
        assert.equal(f.properties.code, f.id);
        assert.equal(f.properties.level, 'district');
        assert.equal(f.properties.parentCode, '330799');
        assert.match(f.geometry.type, /Polygon/);
      }
    });

    it('filters areas by parent and by bounding box', async () => {
      const streets = await getJson<FC>(t, '/api/v1/geo/areas?parentCode=330791');
      assert.ok(streets.features.length > 0);
      assert.ok(streets.features.every((f) => f.properties.level === 'street' && f.properties.parentCode === '330791'));
      const all = await getJson<FC>(t, '/api/v1/geo/areas?level=grid');
      const [g] = all.features;
      const [a, b, c, d] = g!.bbox!;
      const inBox = await getJson<FC>(t, `/api/v1/geo/areas?level=grid&bbox=${a},${b},${c},${d}`);
      assert.ok(inBox.features.some((f) => f.id === g!.id));
      assert.ok(inBox.features.length < 20, `${inBox.features.length} grids touch one grid's box`);
      const far = await getJson<FC>(t, '/api/v1/geo/areas?level=grid&bbox=100,10,100.1,10.1');
      assert.equal(far.features.length, 0);
    });

    it('describes one grid with its path, child count, area and geometry', async () => {
      const fc = await getJson<FC>(t, '/api/v1/geo/areas?level=grid');
      const code = fc.features[10]!.id;
      const a = await getJson<{
        code: string;
        level: string;
        path: Array<{ code: string; level: string }>;
        childCount: number;
        areaSqm: number;
        bbox: number[];
        geometry: { type: string };
      }>(t, `/api/v1/geo/areas/${code}`);
      assert.equal(a.code, code);
      assert.deepEqual(
        a.path.map((p) => p.level),
        ['city', 'district', 'street', 'community', 'grid'],
      );
      assert.equal(a.childCount, 0);
      // GB/T 30428: about 10,000 m² in dense areas, larger at the edge.
      assert.ok(a.areaSqm > 5_000 && a.areaSqm < 1_000_000, String(a.areaSqm));
      const district = await getJson<{ childCount: number }>(t, `/api/v1/geo/areas/${code.slice(0, 6)}`);
      assert.ok(district.childCount >= 3);
    });

    it('serves roads as LineStrings, filtered by box', async () => {
      const all = await getJson<FC>(t, '/api/v1/geo/roads');
      assert.ok(all.features.length > 10);
      for (const f of all.features) {
        assert.equal(f.geometry.type, 'LineString');
        assert.ok(f.properties.name && f.properties.kind);
      }
      const none = await getJson<FC>(t, '/api/v1/geo/roads?bbox=100,10,100.1,10.1');
      assert.equal(none.features.length, 0);
    });

    it('pages through addresses of a grid with a cursor and a total', async () => {
      const first = await getJson<{ items: Array<{ id: string; gridCode: string }>; next: string | null; total: number }>(
        t,
        '/api/v1/geo/addresses?limit=5',
      );
      const grid = first.items[0]!.gridCode;
      const all = await getJson<{ items: Array<{ id: string; gridCode: string }>; total: number }>(
        t,
        `/api/v1/geo/addresses?gridCode=${grid}&limit=1000`,
      );
      assert.ok(all.total >= 1 && all.items.every((i) => i.gridCode === grid));
      const seen: string[] = [];
      let cursor = '';
      for (let page = 0; page < 100; page++) {
        const p = await getJson<{ items: Array<{ id: string }>; next: string | null; total: number }>(
          t,
          `/api/v1/geo/addresses?gridCode=${grid}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(p.total, all.total);
        seen.push(...p.items.map((i) => i.id));
        if (!p.next) break;
        cursor = p.next;
      }
      assert.deepEqual(
        seen,
        all.items.map((i) => i.id),
      );
    });

    it('searches addresses by text', async () => {
      const r = await getJson<{ items: Array<{ fullAddress: string }>; total: number }>(
        t,
        `/api/v1/geo/addresses?q=${encodeURIComponent('路1号')}&limit=20`,
      );
      assert.ok(r.total > 0);
      assert.ok(r.items.every((i) => i.fullAddress.includes('路1号')));
    });
  });
});
