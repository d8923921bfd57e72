/**
 * The address gazetteer of 示范市: door plates along the roads, named places (POI) and
 * residential compounds that take over a plate as their gate, and the buildings inside those
 * compounds. Every entry carries the codes of the unit grid it lies in.
 *
 * Canonical full address: 示范市<区><街道><路><号>号[<栋>], e.g. 示范市东城区临江街道八一路128号3栋;
 * the 区 and 街道 are those of the grid the point lies in.
 */
import type { DemoAddress, DemoDepartment, DemoRoad } from './demo-city-types.js';
import type { CityAreas, GridCell } from './demo-areas.js';
import { CITY_NAME } from './demo-areas.js';
import { SeededRandom } from './seeded-random.js';
import { GridLocator } from './demo-locator.js';
import { generateDoorPlates, type DoorPlate } from './demo-door-plates.js';
import { assignPois, poiSpecs } from './demo-pois.js';
import { placeCompounds } from './demo-compounds.js';

/** Generate the gazetteer, ordered by road, house number, then building; ids A000001…. */
export function generateAddresses(
  areas: CityAreas,
  roads: readonly DemoRoad[],
  departments: readonly DemoDepartment[],
  seed: number,
): DemoAddress[] {
  const locator = new GridLocator(areas.grids);
  const plates = generateDoorPlates(roads, locator, SeededRandom.forLabel(seed, 'door-plates'));
  assignPois(poiSpecs(areas, departments, SeededRandom.forLabel(seed, 'poi-names')), plates, SeededRandom.forLabel(seed, 'pois'));
  placeCompounds(areas.grids, plates, SeededRandom.forLabel(seed, 'compounds'));

  const nameOf = (code: string): string => areas.byCode.get(code)!.name;
  const out: DemoAddress[] = [];
  const add = (plate: DoorPlate, grid: GridCell, lon: number, lat: number, building?: string): void => {
    const id = `A${String(out.length + 1).padStart(6, '0')}`;
    const houseNumber = String(plate.number);
    const fullAddress = `${CITY_NAME}${nameOf(grid.districtCode)}${nameOf(grid.streetCode)}${plate.road}${houseNumber}号${building ?? ''}`;
    const { districtCode, streetCode, communityCode, code: gridCode } = grid;
    const road = plate.road;
    // Three literal shapes rather than conditional spreads: the same key order every time.
    if (building !== undefined) {
      out.push({
        id,
        kind: 'building',
        districtCode,
        streetCode,
        communityCode,
        gridCode,
        road,
        houseNumber,
        building,
        fullAddress,
        lon,
        lat,
      });
    } else if (plate.poiName !== undefined) {
      out.push({
        id,
        kind: 'poi',
        districtCode,
        streetCode,
        communityCode,
        gridCode,
        road,
        houseNumber,
        poiName: plate.poiName,
        fullAddress,
        lon,
        lat,
      });
    } else {
      out.push({ id, kind: 'door', districtCode, streetCode, communityCode, gridCode, road, houseNumber, fullAddress, lon, lat });
    }
  };
  const ordered = plates.slice().sort((a, b) => a.roadIndex - b.roadIndex || a.number - b.number);
  for (const plate of ordered) {
    add(plate, plate.grid, plate.lon, plate.lat);
    for (const b of plate.buildings ?? []) add(plate, b.grid, b.lon, b.lat, b.building);
  }
  return out;
}
