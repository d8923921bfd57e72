/**
 * Point → grid through the HTTP API on the demo city: every grid's interior point lands in that
 * grid, points outside the city are 404, points on shared edges always get the same grid, and
 * (on PostGIS) the database's own geometry agrees with the in-memory index.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pointOnSurface } from '../../src/modules/geo/geometry.js';
import { classifyPoint, compileGeometry, OUTSIDE } from '../../src/modules/geo/point-in-polygon.js';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { areasOf, getJson, type AreaFeature } from './geo-test-helpers.js';

interface LocateAnswer {
  district: { code: string; name: string };
  street: { code: string; name: string };
  community: { code: string; name: string };
  grid: { code: string; name: string };
}

forEachDialect((dialect) => {
  describe(`geo locate API (${dialect})`, () => {
    let t: TestApp;
    let grids: AreaFeature[];
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      grids = await areasOf(t, 'grid');
    });
    after(() => t?.close());

    it('serves the demo city with 1,200 unit grids of 15-digit codes', () => {
      assert.equal(grids.length, 1200);
      for (const g of grids) assert.match(g.properties.code, /^\d{15}$/);
    });

    it("locates every grid's interior point in that grid, with its community, street and district", async () => {
      const wrong: string[] = [];
      for (const g of grids) {
        const [lon, lat] = pointOnSurface(g.geometry);
        const res = await t.inject({ method: 'GET', url: `/api/v1/geo/locate?lon=${lon}&lat=${lat}`, as: 'admin' });
        const body = res.json() as LocateAnswer;
        if (res.statusCode !== 200 || body.grid.code !== g.properties.code) {
          wrong.push(`${g.properties.code} → ${res.statusCode} ${body.grid?.code}`);
          continue;
        }
        assert.equal(body.community.code, g.properties.parentCode);
        assert.equal(body.street.code, g.properties.code.slice(0, 9));
        assert.equal(body.district.code, g.properties.code.slice(0, 6));
      }
      assert.deepEqual(wrong, [], `${wrong.length} grids not located at their interior point`);
    });

    it('answers 404 with a problem document outside the city', async () => {
      const summary = await getJson<{ bbox: [number, number, number, number] }>(t, '/api/v1/geo/summary');
      const [minLon, minLat, maxLon, maxLat] = summary.bbox;
      const outside: Array<[number, number]> = [
        [minLon - 0.01, minLat - 0.01],
        [maxLon + 0.01, maxLat + 0.01],
        [(minLon + maxLon) / 2, maxLat + 0.001],
        [116.397, 39.909], // Beijing
        [0, 0],
      ];
      // Inside the city's box but outside its irregular outline.
      const [city] = await areasOf(t, 'city');
      const outline = compileGeometry(city!.geometry);
      for (let i = 0; i < 400 && outside.length < 12; i++) {
        const lon = minLon + (((i * 7919) % 400) / 400) * (maxLon - minLon);
        const lat = minLat + (((i * 104729) % 397) / 397) * (maxLat - minLat);
        if (classifyPoint(outline, lon, lat) === OUTSIDE) outside.push([lon, lat]);
      }
      assert.ok(outside.length > 5, 'found points in the box outside the outline');
      for (const [lon, lat] of outside) {
        const res = await t.inject({ method: 'GET', url: `/api/v1/geo/locate?lon=${lon}&lat=${lat}`, as: 'admin' });
        assert.equal(res.statusCode, 404, `${lon},${lat}`);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
        assert.equal(res.json().status, 404);
      }
    });

    it('gives a point on an edge shared by two grids to the same grid every time, the lower code', async () => {
      // The midpoint of a grid's first edge: the demo lattice shares vertices bit for bit.
      let checked = 0;
      for (const g of grids.slice(0, 300)) {
        if (g.geometry.type !== 'Polygon') continue;
        const ring = g.geometry.coordinates[0]!;
        const [ax, ay] = ring[1]!;
        const [bx, by] = ring[2]!;
        const lon = (ax! + bx!) / 2;
        const lat = (ay! + by!) / 2;
        const touching = grids
          .filter((o) => o.geometry.type === 'Polygon' && sharesEdge(o.geometry.coordinates[0]!, ring[1]!, ring[2]!))
          .map((o) => o.properties.code)
          .sort();
        if (touching.length !== 2) continue; // an edge on the city's outline
        const answers = new Set<string>();
        for (let i = 0; i < 3; i++) answers.add((await getJson<LocateAnswer>(t, `/api/v1/geo/locate?lon=${lon}&lat=${lat}`)).grid.code);
        assert.deepEqual([...answers], [touching[0]], `edge point of ${g.properties.code}`);
        checked++;
      }
      assert.ok(checked > 100, `checked ${checked} shared edges`);
    });

    if (dialect === 'postgres') {
      it('keeps the PostGIS geometry in step with the GeoJSON, and PostGIS agrees with the index', async (ctx) => {
        if (!t.platform.db.postgis) {
          ctx.skip('PostGIS is not installed on this server');
          return;
        }
        const db = t.platform.db.kysely;
        const missing = await sql<{ n: number }>`select count(*)::int as n from geo.areas where geom is null`.execute(db);
        assert.equal(missing.rows[0]!.n, 0);
        for (const g of grids.filter((_, i) => i % 40 === 0)) {
          const [lon, lat] = pointOnSurface(g.geometry);
          const r = await sql<{ code: string }>`select code from geo.areas where level = 'grid'
            and ST_Contains(geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))`.execute(db);
          assert.deepEqual(
            r.rows.map((x) => x.code),
            [g.properties.code],
          );
        }
      });
    }
  });
});

function sharesEdge(ring: number[][], a: number[], b: number[]): boolean {
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    const same = (u: number[], v: number[]) => u[0] === v[0] && u[1] === v[1];
    if ((same(p, a) && same(q, b)) || (same(p, b) && same(q, a))) return true;
  }
  return false;
}
