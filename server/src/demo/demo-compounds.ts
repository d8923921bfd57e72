/**
 * Residential compounds (小区): about a third of the unit grids hold one. Its gate takes over a
 * door plate of the grid (阳光花园 = 八一路128号) and its buildings (1栋, 2栋, …) stand inside the
 * grid, at least 15 m from the grid's edges and 22 m from each other, addressed as the gate's
 * plate plus the building (八一路128号3栋).
 */
import type { GridCell } from './demo-areas.js';
import type { CompoundBuilding, DoorPlate } from './demo-door-plates.js';
import type { SeededRandom } from './seeded-random.js';
import { distanceToRingMetres, pointInRing, ringBBox, round7, toMetres } from './demo-geometry.js';
import { compoundNames } from './demo-names.js';
import { pickFree } from './demo-pois.js';

/** Share of unit grids that hold a residential compound. */
const COMPOUND_SHARE = 0.36;
const EDGE_CLEARANCE_M = 15;
const BUILDING_SPACING_M = 22;

/** Turn door plates into compound gates and place their buildings. */
export function placeCompounds(grids: readonly GridCell[], plates: readonly DoorPlate[], rng: SeededRandom): void {
  const platesByGrid = new Map<string, DoorPlate[]>();
  for (const p of plates) {
    const list = platesByGrid.get(p.grid.code);
    if (list) list.push(p);
    else platesByGrid.set(p.grid.code, [p]);
  }
  const chosen = rng
    .shuffle(grids)
    .filter((g) => platesByGrid.has(g.code))
    .slice(0, Math.round(grids.length * COMPOUND_SHARE));
  const names = compoundNames(chosen.length, rng);
  chosen.forEach((grid, i) => {
    const gate = pickFree(platesByGrid.get(grid.code)!, rng);
    if (!gate) return;
    gate.poiName = names[i]!;
    gate.buildings = placeBuildings(grid, rng.int(6, 24), rng);
  });
}

/** Up to `count` building points well inside the grid, by rejection sampling. */
function placeBuildings(grid: GridCell, count: number, rng: SeededRandom): CompoundBuilding[] {
  const ring = grid.geometry.coordinates[0]!;
  const [minX, minY, maxX, maxY] = ringBBox(ring);
  const placed: { x: number; y: number; lon: number; lat: number }[] = [];
  for (let attempt = 0; attempt < 400 && placed.length < count; attempt++) {
    const lon = round7(rng.range(minX, maxX));
    const lat = round7(rng.range(minY, maxY));
    if (!pointInRing(ring, lon, lat) || distanceToRingMetres(ring, lon, lat) < EDGE_CLEARANCE_M) continue;
    const [x, y] = toMetres(lon, lat);
    if (placed.some((p) => Math.hypot(p.x - x, p.y - y) < BUILDING_SPACING_M)) continue;
    placed.push({ x, y, lon, lat });
  }
  // Numbered the way estates usually are: rows from the north, west to east within a row.
  placed.sort((a, b) => Math.round(b.y / 40) - Math.round(a.y / 40) || a.x - b.x);
  return placed.map((p, i) => ({ building: `${i + 1}栋`, lon: p.lon, lat: p.lat, grid }));
}
