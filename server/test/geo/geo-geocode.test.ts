/**
 * Geocoding and reverse geocoding through the HTTP API on the demo city. The hit rate is
 * measured on a fixed sample of 1,200 gazetteer addresses, each written three ways: canonical,
 * without city and district, and with full-width digits; the top candidate must be in the
 * address's own grid for at least 95 % of them in every style.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateDemoCity } from '../../src/demo/generate-demo-city.js';
import type { DemoAddress } from '../../src/demo/demo-city-types.js';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { fullWidth, getJson, sample, withoutCityAndDistrict } from './geo-test-helpers.js';

interface Candidate {
  address: string;
  lon: number;
  lat: number;
  score: number;
  kind: string;
  grid: { code: string; name: string } | null;
}
interface GeocodeAnswer {
  query: string;
  parsed: Record<string, string>;
  candidates: Candidate[];
}

const SAMPLE_SIZE = 1200;
const STYLES: Record<string, (a: DemoAddress) => string> = {
  canonical: (a) => a.fullAddress,
  'without city and district': (a) => withoutCityAndDistrict(a.fullAddress),
  'full-width digits': (a) => fullWidth(a.fullAddress),
};

const city = generateDemoCity();
const addresses = sample(city.addresses, SAMPLE_SIZE, 20261122);

forEachDialect((dialect) => {
  describe(`geo geocoding API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
    });
    after(() => t?.close());

    for (const [style, write] of Object.entries(STYLES)) {
      it(`finds ≥ 95 % of ${SAMPLE_SIZE} demo addresses written ${style}, in the right grid`, async (ctx) => {
        let hits = 0;
        const misses: string[] = [];
        for (const a of addresses) {
          const q = write(a);
          const body = await getJson<GeocodeAnswer>(t, `/api/v1/geo/geocode?q=${encodeURIComponent(q)}&limit=3`);
          const top = body.candidates[0];
          if (top?.grid?.code === a.gridCode) hits++;
          else if (misses.length < 10) misses.push(`${q} → ${top?.address ?? 'nothing'} (${top?.grid?.code}, want ${a.gridCode})`);
        }
        const rate = hits / addresses.length;
        ctx.diagnostic(`geocoding hit rate (${style}, ${dialect}): ${(rate * 100).toFixed(2)} % of ${addresses.length}`);
        assert.ok(rate >= 0.95, `hit rate ${rate}; misses:\n${misses.join('\n')}`);
      });
    }

    it('ranks candidates best first with scores in 0..1 and shows the parse', async () => {
      const a = addresses.find((x) => x.kind === 'building')!;
      const body = await getJson<GeocodeAnswer>(t, `/api/v1/geo/geocode?q=${encodeURIComponent(a.fullAddress)}&limit=5`);
      assert.equal(body.query, a.fullAddress);
      assert.equal(body.parsed.road, a.road);
      assert.equal(body.parsed.number, a.houseNumber);
      assert.equal(body.candidates[0]!.address, a.fullAddress);
      assert.equal(body.candidates[0]!.score, 1);
      for (let i = 1; i < body.candidates.length; i++) assert.ok(body.candidates[i - 1]!.score >= body.candidates[i]!.score);
      for (const c of body.candidates) assert.ok(c.score >= 0 && c.score <= 1);
    });

    it('understands a district written without 区 and Chinese numerals for the building', async () => {
      const a = addresses.find((x) => x.kind === 'building' && /^\d栋$/.test(x.building ?? ''))!;
      const digits = '〇一二三四五六七八九';
      const q = a.fullAddress
        .replace(/^示范市/, '')
        .replace(/区/, '')
        .replace(/(\d)栋$/, (_, d: string) => `${digits[Number(d)]}栋`);
      const body = await getJson<GeocodeAnswer>(t, `/api/v1/geo/geocode?q=${encodeURIComponent(q)}`);
      assert.equal(body.candidates[0]!.address, a.fullAddress, q);
    });

    it('finds a place by its name alone', async () => {
      const poi = city.addresses.find((x) => x.kind === 'poi' && (x.poiName ?? '').length >= 4)!;
      const body = await getJson<GeocodeAnswer & { candidates: Array<Candidate & { name: string | null }> }>(
        t,
        `/api/v1/geo/geocode?q=${encodeURIComponent(poi.poiName!)}`,
      );
      assert.equal(body.candidates[0]!.kind, 'poi');
      assert.equal(body.candidates[0]!.name, poi.poiName);
      assert.equal(body.candidates[0]!.grid?.code, poi.gridCode);
    });

    it('interpolates a house number the gazetteer lacks on a known road', async () => {
      // A road with a gap in its numbering: n and n + 4 exist, n + 2 does not.
      let query = '';
      for (const road of new Set(city.addresses.map((x) => x.road))) {
        const nums = new Set(city.addresses.filter((x) => x.road === road).map((d) => Number(d.houseNumber)));
        const n = [...nums].sort((x, y) => x - y).find((k) => nums.has(k + 4) && !nums.has(k + 2));
        if (n !== undefined) {
          query = `${road}${n + 2}号`;
          break;
        }
      }
      assert.ok(query, 'the demo city has a gap in some road numbering');
      const body = await getJson<GeocodeAnswer>(t, `/api/v1/geo/geocode?q=${encodeURIComponent(query)}`);
      assert.equal(body.candidates[0]!.kind, 'interpolated');
      assert.ok(body.candidates[0]!.score < 0.8);
    });

    it('answers an area name with the area', async () => {
      const street = city.areas.find((x) => x.level === 'street')!;
      const body = await getJson<GeocodeAnswer>(t, `/api/v1/geo/geocode?q=${encodeURIComponent(street.name)}`);
      assert.equal(body.candidates[0]!.kind, 'area');
      assert.ok(body.candidates[0]!.grid?.code.startsWith(street.code));
    });

    it('reverse-geocodes a door plate position to that address', async () => {
      for (const a of addresses.slice(0, 50)) {
        const body = await getJson<{ address: string; distanceMeters: number; grid: { code: string } }>(
          t,
          `/api/v1/geo/reverse?lon=${a.lon}&lat=${a.lat}`,
        );
        assert.equal(body.distanceMeters, 0);
        // Several entries may share the exact spot (a compound and its gate); the grid is the same.
        assert.equal(body.grid.code, a.gridCode);
      }
    });

    it('reverse-geocodes a point 30 m off a plate to the nearest plate within 500 m', async () => {
      const a = addresses[7]!;
      const body = await getJson<{ address: string; distanceMeters: number }>(t, `/api/v1/geo/reverse?lon=${a.lon + 0.0003}&lat=${a.lat}`);
      assert.ok(body.distanceMeters > 0 && body.distanceMeters <= 500, String(body.distanceMeters));
    });

    it('answers 404 when reverse-geocoding outside the city', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/geo/reverse?lon=116.397&lat=39.909', as: 'admin' });
      assert.equal(res.statusCode, 404);
    });
  });
});
