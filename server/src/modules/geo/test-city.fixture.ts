/**
 * A small synthetic city for the geo unit tests: a jittered lattice of quadrilateral grids that
 * share their edges exactly, grouped 2×2 into communities, 2×2 communities into streets, one
 * district. One grid has a hole filled by another grid, and one grid is a MultiPolygon of two
 * separate cells, so the tests cover holes and multi-part areas.
 */
import type { Position } from 'geojson';
import { mulberry32 } from '../../demo/seeded-random.js';
import type { AreaInput } from './geo-types.js';

/** Options of the synthetic city. */
export interface TestCityOptions {
  /** Cells per side (multiple of 4). */
  size?: number;
  seed?: number;
  /** Cell size in degrees. */
  cell?: number;
}

/** The lattice vertices, exposed so tests can build points exactly on shared edges. */
export interface TestCity {
  areas: AreaInput[];
  vertex: (i: number, j: number) => [number, number];
  size: number;
  /** Code of the grid whose hole is filled by the grid `holeFillCode`. */
  holedCode: string;
  holeFillCode: string;
  holeCenter: [number, number];
  multiCode: string;
}

const DISTRICT = '330791';

/** Build the synthetic city. */
export function buildTestCity(options: TestCityOptions = {}): TestCity {
  const size = options.size ?? 8;
  const cell = options.cell ?? 0.01;
  const rnd = mulberry32(options.seed ?? 42);
  const x0 = 119.55;
  const y0 = 29.17;
  const verts: [number, number][][] = [];
  for (let i = 0; i <= size; i++) {
    verts.push([]);
    for (let j = 0; j <= size; j++) {
      // Jitter interior vertices only, so the city outline stays a rectangle.
      const jx = i > 0 && i < size ? (rnd() - 0.5) * cell * 0.4 : 0;
      const jy = j > 0 && j < size ? (rnd() - 0.5) * cell * 0.4 : 0;
      verts[i]!.push([x0 + i * cell + jx, y0 - j * cell + jy]);
    }
  }
  const vertex = (i: number, j: number): [number, number] => verts[i]![j]!;
  // Ring around the block of cells [i0, i1) × [j0, j1), counter-clockwise on the map.
  const blockRing = (i0: number, j0: number, i1: number, j1: number): Position[] => {
    const ring: Position[] = [];
    for (let j = j0; j <= j1; j++) ring.push(vertex(i0, j));
    for (let i = i0 + 1; i <= i1; i++) ring.push(vertex(i, j1));
    for (let j = j1 - 1; j >= j0; j--) ring.push(vertex(i1, j));
    for (let i = i1 - 1; i >= i0; i--) ring.push(vertex(i, j0));
    return ring;
  };

  const areas: AreaInput[] = [];
  areas.push({
    code: DISTRICT,
    name: '东城区',
    level: 'district',
    parentCode: '330799',
    geometry: { type: 'Polygon', coordinates: [blockRing(0, 0, size, size)] },
  });
  const half = size / 2;
  const streetCode = (si: number, sj: number) => `${DISTRICT}${String(1 + sj * 2 + si).padStart(3, '0')}`;
  for (let sj = 0; sj < 2; sj++)
    for (let si = 0; si < 2; si++) {
      areas.push({
        code: streetCode(si, sj),
        name: `街道${si}${sj}`,
        level: 'street',
        parentCode: DISTRICT,
        geometry: { type: 'Polygon', coordinates: [blockRing(si * half, sj * half, (si + 1) * half, (sj + 1) * half)] },
      });
    }
  const communityOf = (i: number, j: number) => {
    const si = Math.floor(i / half);
    const sj = Math.floor(j / half);
    const ci = Math.floor((i % half) / 2);
    const cj = Math.floor((j % half) / 2);
    const perRow = half / 2;
    return `${streetCode(si, sj)}${String(1 + cj * perRow + ci).padStart(3, '0')}`;
  };
  for (let j = 0; j < size; j += 2)
    for (let i = 0; i < size; i += 2) {
      const code = communityOf(i, j);
      areas.push({
        code,
        name: `社区${code.slice(-6)}`,
        level: 'community',
        parentCode: code.slice(0, 9),
        geometry: { type: 'Polygon', coordinates: [blockRing(i, j, i + 2, j + 2)] },
      });
    }
  // Grids: numbered west→east, north→south within each community.
  const seq = new Map<string, number>();
  const gridCode = new Map<string, string>();
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const c = communityOf(i, j);
      const n = (seq.get(c) ?? 0) + 1;
      seq.set(c, n);
      gridCode.set(`${i},${j}`, `${c}${String(n).padStart(3, '0')}`);
    }
  // Cell (1,1) gets a square hole, filled by an extra grid. Cells (0,2) and (1,3) (same
  // community, diagonal neighbours sharing one vertex) form one two-part MultiPolygon grid.
  const holedKey = '1,1';
  const [hx0, hy0] = vertex(1, 1);
  const [hx1, hy1] = vertex(2, 2);
  const holeCenter: [number, number] = [(hx0 + hx1) / 2, (hy0 + hy1) / 2];
  const r = cell * 0.15;
  const hole: Position[] = [
    [holeCenter[0] - r, holeCenter[1] - r],
    [holeCenter[0] + r, holeCenter[1] - r],
    [holeCenter[0] + r, holeCenter[1] + r],
    [holeCenter[0] - r, holeCenter[1] + r],
    [holeCenter[0] - r, holeCenter[1] - r],
  ];
  const holedCode = gridCode.get(holedKey)!;
  const holeFillCode = `${holedCode.slice(0, 12)}9${holedCode.slice(13)}`;
  const multiCode = gridCode.get('0,2')!;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const key = `${i},${j}`;
      if (key === '1,3') continue; // merged into the MultiPolygon of (0,2)
      const code = gridCode.get(key)!;
      const ring = blockRing(i, j, i + 1, j + 1);
      const base = { code, name: `网格${code.slice(-6)}`, level: 'grid' as const, parentCode: code.slice(0, 12) };
      if (key === holedKey) areas.push({ ...base, geometry: { type: 'Polygon', coordinates: [ring, hole] } });
      else if (key === '0,2') areas.push({ ...base, geometry: { type: 'MultiPolygon', coordinates: [[ring], [blockRing(1, 3, 2, 4)]] } });
      else areas.push({ ...base, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  areas.push({
    code: holeFillCode,
    name: '网格(洞)',
    level: 'grid',
    parentCode: holedCode.slice(0, 12),
    geometry: { type: 'Polygon', coordinates: [[...hole].reverse()] },
  });
  return { areas, vertex, size, holedCode, holeFillCode, holeCenter, multiCode };
}
