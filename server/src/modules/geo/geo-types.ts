/**
 * Plain data shapes shared by the geo module's pure parts (index, parser, geocoder) and its
 * service. They carry no database or HTTP concern so the pure parts can be tested and
 * benchmarked alone.
 */
import type { LineString, MultiPolygon, Polygon } from 'geojson';

/** Administrative / management level of an area, coarse to fine. */
export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

/** Every level, coarse to fine; the order is relied upon (index = depth). */
export const AREA_LEVELS: readonly AreaLevel[] = ['city', 'district', 'street', 'community', 'grid'];

/** Area geometry: GeoJSON Polygon or MultiPolygon, WGS84 lon/lat. */
export type AreaGeometry = Polygon | MultiPolygon;

/** One area as the index and the geocoder need it. */
export interface AreaInput {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  geometry: AreaGeometry;
}

/** `[minLon, minLat, maxLon, maxLat]` */
export type BBox = [number, number, number, number];

/** A code and a name, the way every API answer names an area. */
export interface AreaRef {
  code: string;
  name: string;
}

/** Where a point falls: the grid and its ancestors (null when a level is missing). */
export interface Location {
  district: AreaRef | null;
  street: AreaRef | null;
  community: AreaRef | null;
  grid: AreaRef | null;
}

/** A road of the map network. */
export interface RoadInput {
  id: string;
  name: string;
  kind: string;
  geometry: LineString;
}

/** Kind of a gazetteer entry: a door plate, a building inside a compound, a named place. */
export type AddressKind = 'door' | 'building' | 'poi';

/** One entry of the address gazetteer. */
export interface AddressInput {
  id: string;
  kind: AddressKind;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  /** Road name, e.g. 八一路 */
  road: string | null;
  /** House number without 号, e.g. "128" (may carry a suffix such as "128-1") */
  houseNumber: string | null;
  /** Building inside the compound, e.g. "3栋" */
  building?: string | null;
  /** Name of a point of interest, e.g. 示范市第一人民医院 */
  poiName?: string | null;
  /** The canonical full address. */
  fullAddress: string;
  lon: number;
  lat: number;
}
