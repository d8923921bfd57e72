/**
 * Everything the geo module keeps in memory, built together from one read of the tables: the
 * area index (locate), the geocoder (gazetteer maps) and the address point index (reverse).
 * A snapshot is immutable; the service swaps in a new one after every change, so a request
 * always sees one consistent version.
 */
import type { AddressInput, AreaInput, RoadInput } from './geo-types.js';
import { Geocoder } from './geocoder.js';
import { GridIndex } from './grid-index.js';
import { PointIndex } from './point-index.js';

/** The in-memory indexes of one version of the geo data. */
export interface GeoSnapshot {
  index: GridIndex;
  geocoder: Geocoder;
  points: PointIndex<AddressInput>;
  counts: { address: number; road: number };
  builtAt: number;
}

/** Build every index from the rows. */
export function buildSnapshot(
  areas: readonly AreaInput[],
  roads: readonly RoadInput[],
  addresses: readonly AddressInput[],
  now = Date.now(),
): GeoSnapshot {
  const index = GridIndex.build(areas);
  return {
    index,
    geocoder: new Geocoder(addresses, roads, index),
    points: new PointIndex(addresses),
    counts: { address: addresses.length, road: roads.length },
    builtAt: now,
  };
}
