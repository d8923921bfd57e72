/**
 * The demo city 示范市 (code 330799), generated deterministically from a seed: areas, roads,
 * address gazetteer, departments and users. Pure: no I/O, no clock, no `Math.random`; the same
 * seed gives byte-identical JSON, in well under a second.
 *
 * Method
 * 1. Lattice (`demo-lattice.ts`): ~310 m × 300 m cells in rows shifted alternately by ±19 m, so
 *    that every vertex joins exactly three cells (no area can touch itself at a point). Vertices
 *    are jittered, the plane is bent by a smooth warp, and coordinates are rounded to 7 decimals
 *    once and shared, so neighbouring grids have identical vertices: seamless, no gaps.
 * 2. Outline (`demo-outline.ts`): the 1,200 cells nearest the centre under a wobbly-ellipse
 *    metric, made one piece without holes. Each cell is one unit grid.
 * 3. Hierarchy (`demo-areas.ts`, `demo-partition.ts`): k-means + balanced region growing cuts the
 *    city into 4 districts, each district into streets (20 in all), each street into communities
 *    of ~15 grids — all contiguous by construction. Grids are numbered west→east, north→south
 *    within their community. Area polygons are the exact union of their cells, traced from the
 *    cells' boundary edges (`demo-region-union.ts`): CCW outer rings, CW holes (RFC 7946).
 * 4. Roads (`demo-roads.ts`): named trunk/primary/secondary/branch roads along lattice lines,
 *    i.e. on grid boundaries.
 * 5. Addresses (`demo-addresses.ts` and friends): door plates along the roads (odd left, even
 *    right, increasing along the road), places and compounds taking plates as gates, buildings
 *    inside compounds; each point is ≥ 3 m inside the grid whose codes it carries.
 * 6. Departments and users (`demo-departments.ts`, `demo-users.ts`).
 * Each step draws from its own seeded stream (`seeded-random.ts`), so changing one step does not
 * reshuffle the others.
 */
import type { DemoCity } from './demo-city-types.js';
import { SeededRandom } from './seeded-random.js';
import { generateAreas } from './demo-areas.js';
import { generateRoads } from './demo-roads.js';
import { generateAddresses } from './demo-addresses.js';
import { generateDepartments } from './demo-departments.js';
import { generateUsers } from './demo-users.js';

/** The default seed of the demo city. */
export const DEMO_SEED = 20261122;

/**
 * Generate the demo city.
 *
 * @example
 * const city = generateDemoCity();
 * city.areas.filter((a) => a.level === 'grid').length; // ≈ 1200
 */
export function generateDemoCity(seed: number = DEMO_SEED): DemoCity {
  const areas = generateAreas(seed);
  const roads = generateRoads(areas, SeededRandom.forLabel(seed, 'roads'));
  const departments = generateDepartments(areas, SeededRandom.forLabel(seed, 'departments'));
  const addresses = generateAddresses(areas, roads, departments, seed);
  const users = generateUsers(departments, SeededRandom.forLabel(seed, 'users'));
  return { seed, areas: areas.areas, roads, addresses, departments, users };
}
