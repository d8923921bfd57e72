import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AddressInput, AreaInput, RoadInput } from './geo-types.js';
import { Geocoder } from './geocoder.js';
import { GridIndex } from './grid-index.js';
import { buildTestCity } from './test-city.fixture.js';

const city = buildTestCity({ size: 8 });
// Name the synthetic areas like real ones, and add the city itself.
const areas: AreaInput[] = city.areas.map((a) => {
  if (a.level === 'street') return { ...a, name: a.code.endsWith('001') ? '城东街道' : `街道${a.code.slice(-1)}` };
  if (a.level === 'community' && a.code.endsWith('001001')) return { ...a, name: '八一社区' };
  return a;
});
areas.push({
  code: '330799',
  name: '示范市',
  level: 'city',
  parentCode: null,
  geometry: areas.find((a) => a.level === 'district')!.geometry,
});
const index = GridIndex.build(areas);
const grids = index.areasOf('grid');

/** Plates 2, 4, …, 20 along a road through the first grids, one compound (POI) with buildings. */
function gazetteer(): AddressInput[] {
  const out: AddressInput[] = [];
  const g0 = grids[0]!;
  const g1 = grids[1]!;
  for (let n = 2; n <= 20; n += 2) {
    const g = n <= 10 ? g0 : g1;
    const [lon, lat] = g.interior;
    out.push({
      id: `D${n}`,
      kind: 'door',
      districtCode: g.location.district!.code,
      streetCode: g.location.street!.code,
      communityCode: g.location.community!.code,
      gridCode: g.code,
      road: '八一路',
      houseNumber: String(n),
      fullAddress: `示范市东城区城东街道八一路${n}号`,
      lon: lon + n * 1e-5,
      lat,
    });
  }
  const g2 = grids[2]!;
  const base = {
    districtCode: '330791',
    streetCode: g2.location.street!.code,
    communityCode: g2.location.community!.code,
    gridCode: g2.code,
    road: '解放街',
    houseNumber: '66',
  };
  out.push({
    ...base,
    id: 'P66',
    kind: 'poi',
    poiName: '示范市第一人民医院',
    fullAddress: '示范市东城区城东街道解放街66号',
    lon: g2.interior[0],
    lat: g2.interior[1],
  });
  for (const b of ['1栋', '2栋']) {
    out.push({
      ...base,
      id: `B66-${b}`,
      kind: 'building',
      building: b,
      fullAddress: `示范市东城区城东街道解放街66号${b}`,
      lon: g2.interior[0] + 1e-4,
      lat: g2.interior[1],
    });
  }
  return out;
}

const roads: RoadInput[] = [
  {
    id: 'R1',
    name: '八一路',
    kind: 'primary',
    geometry: { type: 'LineString', coordinates: [grids[0]!.interior, grids[1]!.interior] },
  },
];
const geocoder = new Geocoder(gazetteer(), roads, index);

describe('Geocoder', () => {
  it('finds the exact door plate first, with score near 1', () => {
    const r = geocoder.geocode('示范市东城区城东街道八一路4号');
    assert.equal(r.candidates[0]!.addressId, 'D4');
    assert.ok(r.candidates[0]!.score > 0.95);
    assert.equal(r.candidates[0]!.location.grid?.code, grids[0]!.code);
  });

  it('finds it written with full-width digits and without city and district', () => {
    assert.equal(geocoder.geocode('城东街道八一路１８号').candidates[0]!.addressId, 'D18');
  });

  it('prefers the building asked for, and the compound itself when none is asked for', () => {
    assert.equal(geocoder.geocode('解放街66号2栋').candidates[0]!.addressId, 'B66-2栋');
    assert.equal(geocoder.geocode('解放街66号二栋').candidates[0]!.addressId, 'B66-2栋');
    assert.equal(geocoder.geocode('解放街66号').candidates[0]!.addressId, 'P66');
  });

  it('interpolates a missing number between its neighbours on the same side of the road', () => {
    const c = geocoder.geocode('八一路7号').candidates[0]!;
    // No odd plates: falls back to all plates; 7 lies between 6 and 8.
    assert.equal(c.kind, 'interpolated');
    const d6 = gazetteer().find((a) => a.id === 'D6')!;
    const d8 = gazetteer().find((a) => a.id === 'D8')!;
    assert.ok(c.lon > d6.lon && c.lon < d8.lon);
    assert.ok(c.score < 0.8 && c.score > 0.5);
  });

  it('answers the nearest plate for a number past the end of the road', () => {
    const c = geocoder.geocode('八一路200号').candidates[0]!;
    assert.equal(c.kind, 'interpolated');
    assert.equal(c.lon, gazetteer().find((a) => a.id === 'D20')!.lon);
  });

  it('answers a road without a number with a point on the road', () => {
    const c = geocoder.geocode('八一路').candidates[0]!;
    assert.equal(c.kind, 'road');
  });

  it('finds a place by part of its name (substring) and by a near spelling (bigrams)', () => {
    assert.equal(geocoder.geocode('第一人民医院').candidates[0]!.addressId, 'P66');
    assert.equal(geocoder.geocode('示范第一医院').candidates[0]!.addressId, 'P66');
  });

  it('answers an area name alone with the area, inside it', () => {
    const c = geocoder.geocode('八一社区').candidates[0]!;
    assert.equal(c.kind, 'area');
    assert.ok(c.location.community?.code.endsWith('001001'));
  });

  it('lowers, but keeps, a candidate whose district contradicts the query', () => {
    const right = geocoder.geocode('城东街道八一路4号').candidates[0]!;
    const wrong = geocoder.geocode('街道4八一路4号').candidates[0]!;
    assert.equal(wrong.addressId, 'D4');
    assert.ok(wrong.score < right.score);
  });

  it('returns no candidate for text it cannot place', () => {
    assert.deepEqual(geocoder.geocode('完全无关的文字').candidates, []);
  });

  it('answers in well under a millisecond per query', () => {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) geocoder.geocode(`八一路${(i % 20) + 1}号`);
    assert.ok((performance.now() - start) / 2000 < 1);
  });
});
