import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '../../kernel/errors.js';
import { addressRowsFromBody, validateAddressImport } from './address-import.js';
import { checkGeometry, validateAreaImport } from './area-import.js';
import { parseCsv } from '../../kernel/csv.js';
import { GridIndex } from './grid-index.js';
import { PointIndex } from './point-index.js';
import { buildTestCity } from './test-city.fixture.js';

const city = buildTestCity({ size: 8 });
const index = GridIndex.build(city.areas);
const square = [
  [
    [119.9, 29.1],
    [119.91, 29.1],
    [119.91, 29.11],
    [119.9, 29.11],
    [119.9, 29.1],
  ],
];

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF and a BOM', () => {
    const t = parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n1,2,3');
    assert.deepEqual(t.header, ['a', 'b', 'c']);
    assert.deepEqual(t.rows, [
      { a: 'x, y', b: 'say "hi"', c: 'two\nlines' },
      { a: '1', b: '2', c: '3' },
    ]);
  });
});

describe('validateAreaImport', () => {
  const known = (code: string) => index.get(code)?.level;
  const community = index.areasOf('community')[0]!.code;
  const feature = (properties: Record<string, unknown>, coordinates: unknown = square) => ({
    type: 'Feature',
    properties,
    geometry: { type: 'Polygon', coordinates },
  });

  it('accepts a grid under a known community, and a child whose parent comes later in the file', () => {
    const r = validateAreaImport(
      {
        type: 'FeatureCollection',
        features: [
          feature({ code: `${community.slice(0, 9)}777001`, name: '新网格', level: 'grid', parentCode: `${community.slice(0, 9)}777` }),
          feature({ code: `${community.slice(0, 9)}777`, name: '新社区', level: 'community', parentCode: community.slice(0, 9) }),
        ],
      },
      known,
    );
    assert.deepEqual(r.rejected, []);
    assert.equal(r.areas.length, 2);
  });

  it('names every bad field of every row', () => {
    const r = validateAreaImport(
      {
        type: 'FeatureCollection',
        features: [
          feature({ code: '1234', name: ' ', level: 'grid', parentCode: community }),
          feature({ code: `${community}001`, name: 'x', level: 'planet' }),
          feature({ code: `330792001001001`, name: 'x', level: 'grid', parentCode: community }),
          feature({ code: `${community}009`, name: 'x', level: 'grid', parentCode: '330791' }),
          feature({ code: `${community}010`, name: 'x', level: 'grid', parentCode: community }, [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0.5],
            ],
          ]),
        ],
      },
      known,
    );
    assert.deepEqual(
      r.rejected.map((x) => `${x.row}:${x.field}`),
      ['1:code', '1:name', '2:level', '3:code', '4:parentCode', '5:geometry'],
    );
    assert.equal(r.areas.length, 0);
  });

  it('refuses a body that is not a FeatureCollection (400, not a row error)', () => {
    assert.throws(
      () => validateAreaImport({ type: 'Feature' }, known),
      (e) => isDomainError(e, 'invalid') && e.errors[0]!.path === '/body/type',
    );
  });

  it('explains what is wrong with a geometry', () => {
    assert.match(checkGeometry({ type: 'Point', coordinates: [1, 2] })!, /Polygon/);
    assert.match(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      })!,
      /at least 4/,
    );
    assert.match(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 95],
          ],
        ],
      })!,
      /out of range/,
    );
    assert.match(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      })!,
      /not closed/,
    );
    assert.equal(checkGeometry({ type: 'MultiPolygon', coordinates: [square] }), null);
  });
});

describe('validateAddressImport', () => {
  let n = 0;
  const ctx = { index, newId: () => `N${++n}` };
  const g = index.areasOf('grid')[3]!;

  it('derives the grid, community, street and district from the point, and road / number from the text', () => {
    const rows = addressRowsFromBody(`fullAddress,lon,lat\n示范市八一路12号3栋,${g.interior[0]},${g.interior[1]}\n`);
    const r = validateAddressImport(rows, ctx);
    assert.deepEqual(r.rejected, []);
    const a = r.addresses[0]!;
    assert.equal(a.gridCode, g.code);
    assert.equal(a.communityCode, g.parentCode);
    assert.equal(a.road, '八一路');
    assert.equal(a.houseNumber, '12');
    assert.equal(a.building, '3栋');
    assert.equal(a.kind, 'building');
  });

  it('rejects bad coordinates, points outside the city, unknown grids, unknown columns and duplicate ids', () => {
    const r = validateAddressImport(
      [
        { fullAddress: 'a', lon: 'x', lat: 29.1 },
        { fullAddress: 'b', lon: 100, lat: 20 },
        { fullAddress: 'c', lon: g.interior[0], lat: g.interior[1], gridCode: '330791001001999' },
        { fullAddress: '', lon: g.interior[0], lat: g.interior[1], colour: 'red' },
        { id: 'same', fullAddress: 'd', lon: g.interior[0], lat: g.interior[1] },
        { id: 'same', fullAddress: 'e', lon: g.interior[0], lat: g.interior[1], kind: 'house' },
      ],
      ctx,
    );
    assert.deepEqual(
      r.rejected.map((x) => `${x.row}:${x.field}`),
      ['1:lon', '2:lon', '3:gridCode', '4:colour', '4:fullAddress', '6:id', '6:kind'],
    );
  });
});

describe('PointIndex', () => {
  const pts = [
    { id: 'a', lon: 119.6, lat: 29.1 },
    { id: 'b', lon: 119.601, lat: 29.1 },
    { id: 'c', lon: 119.7, lat: 29.1 },
  ];
  const pi = new PointIndex(pts);
  it('finds the nearest point within the radius, measured in metres', () => {
    const hit = pi.nearest(119.6006, 29.1, 500)!;
    assert.equal(hit.item.id, 'b');
    assert.ok(Math.abs(hit.distanceMeters - 38.9) < 1, String(hit.distanceMeters));
  });
  it('finds nothing beyond the radius', () => {
    assert.equal(pi.nearest(119.65, 29.1, 500), null);
    assert.equal(new PointIndex([]).nearest(119.6, 29.1, 500), null);
  });
});
