import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pointOnSurface } from './geometry.js';
import { GridIndex } from './grid-index.js';
import { LinearScanLocator } from './linear-scan.js';
import { BOUNDARY, classifyPoint, compileGeometry, INSIDE, OUTSIDE } from './point-in-polygon.js';
import { mulberry32 } from '../../demo/seeded-random.js';
import { buildTestCity } from './test-city.fixture.js';

describe('point-in-polygon', () => {
  const square = compileGeometry({
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [4, 4],
        [6, 4],
        [6, 6],
        [4, 6],
        [4, 4],
      ],
    ],
  });
  it('classifies inside, outside, in a hole and on edges', () => {
    assert.equal(classifyPoint(square, 1, 1), INSIDE);
    assert.equal(classifyPoint(square, 11, 1), OUTSIDE);
    assert.equal(classifyPoint(square, 5, 5), OUTSIDE);
    assert.equal(classifyPoint(square, 0, 5), BOUNDARY);
    assert.equal(classifyPoint(square, 4, 5), BOUNDARY);
    assert.equal(classifyPoint(square, 10, 10), BOUNDARY);
  });
  it('treats an unclosed ring as closed', () => {
    const g = compileGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
        ],
      ],
    });
    assert.equal(classifyPoint(g, 1, 1), INSIDE);
    assert.equal(classifyPoint(g, 0, 1), BOUNDARY);
  });
});

describe('pointOnSurface', () => {
  it('is inside an L-shaped polygon whose centroid is outside', () => {
    const l = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 1],
          [1, 1],
          [1, 10],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    const [x, y] = pointOnSurface(l);
    assert.equal(classifyPoint(compileGeometry(l), x, y), INSIDE);
  });
  it('is inside a polygon with a hole in the middle', () => {
    const g = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [2, 2],
          [8, 2],
          [8, 8],
          [2, 8],
          [2, 2],
        ],
      ],
    };
    const [x, y] = pointOnSurface(g);
    assert.equal(classifyPoint(compileGeometry(g), x, y), INSIDE);
  });
});

describe('GridIndex', () => {
  const city = buildTestCity({ size: 8 });
  const index = GridIndex.build(city.areas);
  const linear = new LinearScanLocator(city.areas);

  it('locates the interior point of every grid in that grid, with its ancestors', () => {
    for (const g of index.areasOf('grid')) {
      const loc = index.locate(g.interior[0], g.interior[1]);
      assert.equal(loc?.grid?.code, g.code, `grid ${g.code}`);
      assert.equal(loc?.community?.code, g.code.slice(0, 12));
      assert.equal(loc?.street?.code, g.code.slice(0, 9));
      assert.equal(loc?.district?.code, g.code.slice(0, 6));
    }
  });

  it('answers null outside the city', () => {
    assert.equal(index.locate(100, 20), null);
    assert.equal(index.locate(119.549, 29.16), null);
  });

  it('gives a point in a hole to the grid that fills the hole', () => {
    assert.equal(index.gridAt(...city.holeCenter), city.holeFillCode);
    const [hx, hy] = city.holeCenter;
    assert.equal(index.gridAt(hx + 0.002, hy + 0.0021), city.holedCode);
  });

  it('locates both parts of a MultiPolygon grid', () => {
    const [ax, ay] = city.vertex(0, 2);
    const [bx, by] = city.vertex(1, 3);
    const [cx, cy] = city.vertex(2, 4);
    assert.equal(index.gridAt((ax + bx) / 2, (ay + by) / 2), city.multiCode);
    assert.equal(index.gridAt((bx + cx) / 2, (by + cy) / 2), city.multiCode);
  });

  it('gives points exactly on a shared edge or vertex to the lowest grid code, every time', () => {
    const rnd = mulberry32(7);
    for (let n = 0; n < 500; n++) {
      const i = 1 + Math.floor(rnd() * (city.size - 1));
      const j = 1 + Math.floor(rnd() * (city.size - 1));
      const [ax, ay] = city.vertex(i, j);
      const [bx, by] = rnd() < 0.5 ? city.vertex(i, j - 1) : city.vertex(i - 1, j);
      const t = rnd() < 0.2 ? 0 : rnd();
      const x = ax + t * (bx - ax);
      const y = ay + t * (by - ay);
      const touching = city.areas
        .filter((a) => a.level === 'grid' && classifyPoint(compileGeometry(a.geometry), x, y) !== OUTSIDE)
        .map((a) => a.code)
        .sort();
      assert.ok(touching.length >= 2, `edge point touches ${touching.length} grids`);
      const got = index.gridAt(x, y);
      assert.equal(got, touching[0]);
      assert.equal(index.gridAt(x, y), got, 'same answer twice');
      assert.equal(linear.gridAt(x, y), got);
    }
  });

  it('agrees with the linear scan on 20,000 random points', () => {
    const rnd = mulberry32(11);
    const [minX, minY, maxX, maxY] = index.extent()!;
    let inside = 0;
    for (let n = 0; n < 20000; n++) {
      const x = minX - 0.005 + rnd() * (maxX - minX + 0.01);
      const y = minY - 0.005 + rnd() * (maxY - minY + 0.01);
      const a = index.gridAt(x, y);
      assert.equal(a, linear.gridAt(x, y), `point ${x},${y}`);
      if (a) inside++;
    }
    assert.ok(inside > 10000, 'most random points fall inside');
  });

  it('reports counts, paths and child counts', () => {
    assert.equal(index.count('district'), 1);
    assert.equal(index.count('street'), 4);
    assert.equal(index.count('community'), 16);
    assert.equal(index.count('grid'), 64); // 64 cells − 1 merged + 1 hole filler
    const g = index.areasOf('grid')[0]!;
    assert.deepEqual(
      index.path(g.code).map((p) => p.level),
      ['district', 'street', 'community', 'grid'],
    );
    assert.equal(index.childCount('330791'), 4);
  });

  it('falls back to the finest level when no grid contains the point', () => {
    const noGrids = GridIndex.build(city.areas.filter((a) => a.level !== 'grid'));
    const g = index.areasOf('grid')[5]!;
    const loc = noGrids.locate(g.interior[0], g.interior[1]);
    assert.equal(loc?.grid, null);
    assert.equal(loc?.community?.code, g.code.slice(0, 12));
  });

  it('builds an empty index that locates nothing', () => {
    assert.equal(GridIndex.empty().locate(119.6, 29.1), null);
    assert.equal(GridIndex.empty().extent(), null);
  });
});
