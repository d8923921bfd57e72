/**
 * Door plates (门牌) along every road: odd numbers on the left-hand side, even on the right,
 * both increasing from the road's start (its west or north end), with the odd skipped number
 * that real streets have.
 *
 * A plate stands 10–20 m off the road line, never within 18 m of a lattice vertex (a crossing),
 * and only where it falls at least 3 m inside one unit grid, so that every plate belongs to
 * exactly one grid and survives the 7-decimal rounding.
 */
import type { DemoRoad } from './demo-city-types.js';
import type { GridCell } from './demo-areas.js';
import type { GridLocator } from './demo-locator.js';
import type { SeededRandom } from './seeded-random.js';
import { toLonLat, toMetres } from './demo-geometry.js';

/** Mean distance between neighbouring plates on one side of a road, metres. */
const PLATE_SPACING_M = 26;
/** No plate this close to a segment's ends (the crossings). */
const END_GAP_M = 18;
/** Segments shorter than this (the lattice's small staggers) get no plates. */
const MIN_SEGMENT_M = 60;
/** How far inside its grid a plate must be, metres. */
export const ADDRESS_MARGIN_M = 3;

/** A building inside a residential compound, addressed by its compound's gate plate. */
export interface CompoundBuilding {
  /** e.g. 3栋 */
  building: string;
  lon: number;
  lat: number;
  grid: GridCell;
}

/** One door plate; a named place or compound may take it over as its gate. */
export interface DoorPlate {
  roadIndex: number;
  road: string;
  number: number;
  lon: number;
  lat: number;
  grid: GridCell;
  poiName?: string;
  buildings?: CompoundBuilding[];
}

/** Generate the door plates of every road, in road order and increasing number. */
export function generateDoorPlates(roads: readonly DemoRoad[], locator: GridLocator, rng: SeededRandom): DoorPlate[] {
  const plates: DoorPlate[] = [];
  roads.forEach((road, roadIndex) => {
    const pts = road.geometry.coordinates.map((c) => toMetres(c[0]!, c[1]!));
    let odd = 1;
    let even = 2;
    for (let j = 1; j < pts.length; j++) {
      const [ax, ay] = pts[j - 1]!;
      const [bx, by] = pts[j]!;
      const length = Math.hypot(bx - ax, by - ay);
      if (length < MIN_SEGMENT_M) continue;
      const ux = (bx - ax) / length;
      const uy = (by - ay) / length;
      for (let s = END_GAP_M + rng.range(0, PLATE_SPACING_M); s <= length - END_GAP_M; s += PLATE_SPACING_M * rng.range(0.6, 1.4)) {
        // Left of the direction of travel (−uy, ux) carries the odd numbers.
        for (const side of [1, -1] as const) {
          if (rng.chance(0.1)) continue; // a wall, a gap between houses
          const offset = rng.range(10, 20) * side;
          const [lon, lat] = toLonLat(ax + ux * s - uy * offset, ay + uy * s + ux * offset);
          const grid = locator.locateWithin(lon, lat, ADDRESS_MARGIN_M);
          if (!grid) continue;
          const skip = rng.chance(0.06) ? 4 : 2;
          let number: number;
          if (side === 1) {
            number = odd;
            odd += skip;
          } else {
            number = even;
            even += skip;
          }
          plates.push({ roadIndex, road: road.name, number, lon, lat, grid });
        }
      }
    }
  });
  return plates;
}
