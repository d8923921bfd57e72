/**
 * The area hierarchy of 示范市: city → 4 districts → ~20 streets → ~80 communities → ~1,200 unit
 * grids, with codes, names and exact polygons.
 *
 * Each level is cut from the one above by `partitionCells`, so every area is contiguous and lies
 * inside its parent; every polygon above grid level is the exact union of its grids.
 */
import type { Polygon } from 'geojson';
import type { DemoArea } from './demo-city-types.js';
import { SeededRandom } from './seeded-random.js';
import { buildLattice, ringOf, type Lattice } from './demo-lattice.js';
import { selectCityCells } from './demo-outline.js';
import { partitionCells } from './demo-partition.js';
import { unionOfCells } from './demo-region-union.js';
import { communityNames, DISTRICTS, STREET_NAMES } from './demo-names.js';

/** Code and display name of the city. */
export const CITY_CODE = '330799';
export const CITY_NAME = '示范市';
/** How many streets (街道) the city is cut into, and the aimed grid count per community. */
const STREET_COUNT = 20;
const GRIDS_PER_COMMUNITY = 15;

/** One unit grid with its ancestors' codes, as the road and address generators need it. */
export interface GridCell {
  cellIndex: number;
  code: string;
  name: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  geometry: Polygon;
}

/** The generated hierarchy plus the lattice it was cut from. */
export interface CityAreas {
  lattice: Lattice;
  /** city, districts, streets, communities, grids — each level ordered by code. */
  areas: DemoArea[];
  grids: GridCell[];
  /** Lattice cell index → its grid, for cells inside the city. */
  gridByCell: Map<number, GridCell>;
  /** Area code → area, every level. */
  byCode: Map<string, DemoArea>;
}

/** Generate the areas of the demo city. */
export function generateAreas(seed: number): CityAreas {
  const lattice = buildLattice(SeededRandom.forLabel(seed, 'lattice'));
  const cityCells = selectCityCells(lattice, SeededRandom.forLabel(seed, 'outline'));
  const partRng = SeededRandom.forLabel(seed, 'partition');
  const nameRng = SeededRandom.forLabel(seed, 'area-names');

  const city: DemoArea = { code: CITY_CODE, name: CITY_NAME, level: 'city', parentCode: null, geometry: unionOfCells(lattice, cityCells) };
  const districts: DemoArea[] = [];
  const streets: DemoArea[] = [];
  const communities: DemoArea[] = [];
  const grids: GridCell[] = [];

  const districtGroups = orderByCompass(lattice, partitionCells(lattice, cityCells, DISTRICTS.length, partRng));
  const streetCounts = apportion(
    districtGroups.map((g) => g.length),
    STREET_COUNT,
  );
  const streetNames = nameRng.shuffle(STREET_NAMES);
  const communityGroupsByStreet: number[][][] = [];
  let streetNameAt = 0;

  districtGroups.forEach((districtCells, d) => {
    const districtCode = `33079${d + 1}`;
    districts.push({
      code: districtCode,
      name: DISTRICTS[d]!.name,
      level: 'district',
      parentCode: CITY_CODE,
      geometry: unionOfCells(lattice, districtCells),
    });
    const streetGroups = readingOrder(lattice, partitionCells(lattice, districtCells, streetCounts[d]!, partRng));
    streetGroups.forEach((streetCells, s) => {
      const streetCode = districtCode + pad3(s + 1);
      streets.push({
        code: streetCode,
        name: `${streetNames[streetNameAt++]!}街道`,
        level: 'street',
        parentCode: districtCode,
        geometry: unionOfCells(lattice, streetCells),
      });
      const k = Math.max(2, Math.round(streetCells.length / GRIDS_PER_COMMUNITY));
      communityGroupsByStreet.push(readingOrder(lattice, partitionCells(lattice, streetCells, k, partRng)));
    });
  });

  const totalCommunities = communityGroupsByStreet.reduce((n, g) => n + g.length, 0);
  const names = communityNames(totalCommunities, nameRng, new Set(STREET_NAMES));
  let nameAt = 0;
  communityGroupsByStreet.forEach((groups, s) => {
    const street = streets[s]!;
    groups.forEach((communityCells, c) => {
      const communityCode = street.code + pad3(c + 1);
      const communityName = `${names[nameAt++]!}社区`;
      communities.push({
        code: communityCode,
        name: communityName,
        level: 'community',
        parentCode: street.code,
        geometry: unionOfCells(lattice, communityCells),
      });
      // GB/T 30428 practice: grid sequence runs west→east within a row, rows north→south.
      const ordered = communityCells.slice().sort((a, b) => {
        const ca = lattice.cells[a]!;
        const cb = lattice.cells[b]!;
        return ca.row - cb.row || ca.col - cb.col;
      });
      ordered.forEach((cellIndex, g) => {
        const seq = pad3(g + 1);
        grids.push({
          cellIndex,
          code: communityCode + seq,
          name: `${communityName}第${seq}网格`,
          communityCode,
          streetCode: street.code,
          districtCode: street.parentCode!,
          geometry: { type: 'Polygon', coordinates: [ringOf(lattice, lattice.cells[cellIndex]!.vertices)] },
        });
      });
    });
  });

  const areas: DemoArea[] = [
    city,
    ...districts,
    ...streets,
    ...communities,
    ...grids.map((g): DemoArea => ({ code: g.code, name: g.name, level: 'grid', parentCode: g.communityCode, geometry: g.geometry })),
  ];
  return {
    lattice,
    areas,
    grids,
    gridByCell: new Map(grids.map((g) => [g.cellIndex, g])),
    byCode: new Map(areas.map((a) => [a.code, a])),
  };
}

/** Zero-padded three-digit sequence. */
function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** Mean unwarped centre of a group of cells. */
function centreOf(lattice: Lattice, cells: readonly number[]): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (const i of cells) {
    x += lattice.cells[i]!.cx;
    y += lattice.cells[i]!.cy;
  }
  return { x: x / cells.length, y: y / cells.length };
}

/** Groups in reading order: bands of 1.5 km north→south, west→east within a band. */
function readingOrder(lattice: Lattice, groups: number[][]): number[][] {
  const keyed = groups.map((g) => ({ g, c: centreOf(lattice, g) }));
  keyed.sort((a, b) => Math.round(-a.c.y / 1500) - Math.round(-b.c.y / 1500) || a.c.x - b.c.x);
  return keyed.map((k) => k.g);
}

/** The four district groups ordered to match `DISTRICTS` (east, west, north, south). */
function orderByCompass(lattice: Lattice, groups: number[][]): number[][] {
  const all = groups.flat();
  const centre = centreOf(lattice, all);
  const angles = groups.map((g) => {
    const c = centreOf(lattice, g);
    return Math.atan2(c.y - centre.y, c.x - centre.x);
  });
  let best: number[] = [];
  let bestCost = Infinity;
  for (const perm of permutations(groups.map((_, i) => i))) {
    let cost = 0;
    perm.forEach((g, d) => {
      const diff = Math.abs(angles[g]! - DISTRICTS[d]!.angle) % (2 * Math.PI);
      cost += Math.min(diff, 2 * Math.PI - diff);
    });
    if (cost < bestCost) {
      bestCost = cost;
      best = perm;
    }
  }
  return best.map((g) => groups[g]!);
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

/** Split `total` into integers proportional to `sizes` (largest remainder), each at least 1. */
function apportion(sizes: readonly number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s / sum) * total);
  const out = exact.map((e) => Math.max(1, Math.floor(e)));
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; out.reduce((a, b) => a + b, 0) < total; k++) out[order[k % order.length]!.i]!++;
  return out;
}
